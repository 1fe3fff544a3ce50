import { z } from 'zod';

export const placeOrderSchema = z.object({
  customerId: z.string().min(1).max(128),
  items: z
    .array(z.object({ sku: z.string().min(1).max(64), quantity: z.number().int().positive().max(1000) }))
    .min(1)
    .max(50),
  paymentMethod: z.string().min(1).max(64),
});
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

export const orderTotal = (lines: readonly PricedLine[]): number =>
  lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);

export class UnknownSkuError extends Error {
  override readonly name = 'UnknownSkuError';
  constructor(readonly sku: string) {
    super(`unknown sku '${sku}'`);
  }
}
