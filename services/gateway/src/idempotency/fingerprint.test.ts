import { fingerprint, idempotencyKeyFor } from './fingerprint';

describe('request fingerprints', () => {
  it('ignores the order of object keys but not of array items or values', () => {
    const a = fingerprint({ customerId: 'c', items: [{ sku: 'A', quantity: 1 }], paymentMethod: 'pm' });
    expect(fingerprint({ paymentMethod: 'pm', items: [{ quantity: 1, sku: 'A' }], customerId: 'c' })).toBe(a);
    expect(fingerprint({ customerId: 'c', items: [{ sku: 'A', quantity: 2 }], paymentMethod: 'pm' })).not.toBe(a);
    expect(fingerprint({ items: [1, 2] })).not.toBe(fingerprint({ items: [2, 1] }));
  });

  it('derives store keys per caller, of a fixed and safe shape', () => {
    const key = idempotencyKeyFor('c-1', 'k 1/€');
    expect(key).toMatch(/^idempotency-[0-9a-f]{64}$/);
    expect(idempotencyKeyFor('c-2', 'k 1/€')).not.toBe(key);
    expect(idempotencyKeyFor('c-1', 'k 1/€')).toBe(key);
  });
});
