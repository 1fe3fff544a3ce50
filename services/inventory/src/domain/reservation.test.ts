import { afterCancellation, planReservation } from './reservation';

const stock = new Map([
  ['A', 5],
  ['B', 1],
]);

describe('reservations', () => {
  it('reserves all lines or none, naming every line that is short', () => {
    expect(planReservation([{ sku: 'A', quantity: 5 }], stock)).toEqual({ ok: true });
    expect(
      planReservation(
        [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 2 },
          { sku: 'C', quantity: 1 },
        ],
        stock,
      ),
    ).toEqual({ ok: false, unavailable: ['B', 'C'] });
  });

  it('adds up repeated lines of one SKU before comparing', () => {
    expect(
      planReservation(
        [
          { sku: 'A', quantity: 3 },
          { sku: 'A', quantity: 3 },
        ],
        stock,
      ),
    ).toEqual({ ok: false, unavailable: ['A'] });
  });

  it('returns stock on cancellation whether it was held or sold, and only then', () => {
    expect(afterCancellation('HELD')).toEqual({ next: 'RELEASED', returnsStock: true });
    expect(afterCancellation('SOLD')).toEqual({ next: 'RESTOCKED', returnsStock: true });
    for (const s of ['RELEASED', 'RESTOCKED', 'VOID'] as const) expect(afterCancellation(s).returnsStock).toBe(false);
  });
});
