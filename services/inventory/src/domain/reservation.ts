export interface StockLine {
  sku: string;
  quantity: number;
}

export type ReservationStatus = 'HELD' | 'SOLD' | 'RELEASED' | 'RESTOCKED' | 'VOID';

export type ReservationPlan = { ok: true } | { ok: false; unavailable: string[] };

/**
 * All or nothing: the order is reserved only if every line is in stock. `available` holds the
 * stock of the SKUs that exist; an unknown SKU is unavailable.
 */
export function planReservation(lines: readonly StockLine[], available: ReadonlyMap<string, number>): ReservationPlan {
  const wanted = new Map<string, number>();
  for (const l of lines) wanted.set(l.sku, (wanted.get(l.sku) ?? 0) + l.quantity);
  const unavailable = [...wanted]
    .filter(([sku, quantity]) => (available.get(sku) ?? 0) < quantity)
    .map(([sku]) => sku)
    .sort();
  return unavailable.length === 0 ? { ok: true } : { ok: false, unavailable };
}

/**
 * What an `order.cancelled` does to a reservation: HELD stock is released, SOLD stock is
 * restocked (a confirmed order was cancelled); either way the stock returns. Nothing else
 * holds stock.
 */
export function afterCancellation(status: ReservationStatus): { next: ReservationStatus; returnsStock: boolean } {
  if (status === 'HELD') return { next: 'RELEASED', returnsStock: true };
  if (status === 'SOLD') return { next: 'RESTOCKED', returnsStock: true };
  return { next: status, returnsStock: false };
}
