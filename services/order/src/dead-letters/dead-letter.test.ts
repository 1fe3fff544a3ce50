import { describePayload, readDeadLetter } from './dead-letter';

const raw = (bytes: Buffer) => ({ specversion: '1.0', id: 'wrapper', data_base64: bytes.toString('base64') });

describe('reading a dead letter', () => {
  it('recovers the original CloudEvent from a raw-payload delivery', () => {
    const original = Buffer.from(
      JSON.stringify({ specversion: '1.0', id: 'e-1', type: 'shop.order.created.v1', data: { orderId: 'o-1' } }),
    );
    const facts = readDeadLetter(raw(original));
    expect(facts).toMatchObject({ eventId: 'e-1', eventType: 'shop.order.created.v1', orderId: 'o-1' });
    expect(facts.payload.equals(original)).toBe(true);
  });

  it('keeps bytes that are not JSON, byte for byte, with a stable fingerprint', () => {
    const garbage = Buffer.from([0xff, 0x00, 0x7b, 0x6e]);
    const a = readDeadLetter(raw(garbage));
    expect(a.payload.equals(garbage)).toBe(true);
    expect(a.eventId).toBeUndefined();
    expect(readDeadLetter(raw(garbage)).fingerprint).toBe(a.fingerprint);
    expect(readDeadLetter(raw(Buffer.from('other'))).fingerprint).not.toBe(a.fingerprint);
    expect(describePayload(garbage)).toEqual({ payloadBase64: garbage.toString('base64') });
  });
});
