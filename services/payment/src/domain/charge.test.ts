import { onCancellation, shouldCharge } from './charge';

describe('charge decisions', () => {
  it('charges only an order that awaits its charge', () => {
    expect(shouldCharge('AWAITING')).toBe(true);
    for (const s of ['CAPTURED', 'FAILED', 'REFUNDED', 'CANCELLED'] as const) expect(shouldCharge(s)).toBe(false);
  });

  it('refunds a capture on cancellation, blocks a later charge, and otherwise does nothing (I3)', () => {
    expect(onCancellation('CAPTURED')).toBe('refund');
    expect(onCancellation('AWAITING')).toBe('mark-cancelled');
    for (const s of ['FAILED', 'REFUNDED', 'CANCELLED'] as const) expect(onCancellation(s)).toBe('nothing');
  });
});
