import { placeOrderRequest } from '@shop/contracts';
import { z } from 'zod';

/**
 * The public request, plus the order id the caller may choose: the gateway reserves one per
 * Idempotency-Key, so a retried or replayed request names the same order and cannot create
 * a second one.
 */
export const placeOrderSchema = placeOrderRequest.extend({ orderId: z.uuid().optional() });
export type PlaceOrder = z.infer<typeof placeOrderSchema>;

export type OrderStatus = 'PENDING' | 'CONFIRMED' | 'CANCELLED';

export interface PricedLine {
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface Order {
  id: string;
  customerId: string;
  status: OrderStatus;
  reason: string | null;
  items: PricedLine[];
  total: number;
  currency: string;
  paymentMethod: string;
  deadline: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Merges repeated SKUs so the order has one line per product. */
export function mergeLines(items: PlaceOrder['items']): PlaceOrder['items'] {
  const bySku = new Map<string, number>();
  for (const { sku, quantity } of items) bySku.set(sku, (bySku.get(sku) ?? 0) + quantity);
  return [...bySku].map(([sku, quantity]) => ({ sku, quantity }));
}

/** Prices every line; a SKU missing from the price list is the caller's error. */
export function priceLines(items: PlaceOrder['items'], prices: ReadonlyMap<string, number>): PricedLine[] {
  return items.map(({ sku, quantity }) => {
    const unitPrice = prices.get(sku);
    if (unitPrice === undefined) throw new UnknownSkuError(sku);
    return { sku, quantity, unitPrice };
  });
}

/** Whether an existing order is what this request asks for (the same order id sent twice). */
export function isSameOrder(order: Order, cmd: PlaceOrder): boolean {
  const lines = mergeLines(cmd.items);
  return (
    order.customerId === cmd.customerId &&
    order.paymentMethod === cmd.paymentMethod &&
    order.items.length === lines.length &&
    lines.every((l, i) => order.items[i]?.sku === l.sku && order.items[i]?.quantity === l.quantity)
  );
}

export const orderTotal = (lines: readonly PricedLine[]): number =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);

export class UnknownSkuError extends Error {
  override readonly name = 'UnknownSkuError';
  constructor(readonly sku: string) {
    super(`unknown sku '${sku}'`);
  }
}

export class OrderIdConflictError extends Error {
  override readonly name = 'OrderIdConflictError';
  constructor(readonly orderId: string) {
    super(`order ${orderId} exists with different contents`);
  }
}
