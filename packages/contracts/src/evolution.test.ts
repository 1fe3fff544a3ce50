import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { orderCreatedV1, versionedReader } from './index';

/**
 * EVOLUTION.md, shown on a breaking change: suppose `shop.order.created.v2` moves the total
 * into a `price` object. v2 is a new type beside v1; consumers learn it first; producers
 * switch afterwards.
 */
const orderCreatedV2 = orderCreatedV1
  .omit({ total: true, currency: true })
  .extend({ price: z.object({ amount: z.number().int().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/) }) });

const base = {
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'SKU-MUG', quantity: 2, unitPrice: 890 }],
  paymentMethod: 'pm_card_ok',
  deadline: new Date().toISOString(),
};
const v1 = { type: 'shop.order.created.v1', data: { ...base, total: 1780, currency: 'EUR' } };
const v2 = { type: 'shop.order.created.v2', data: { ...base, price: { amount: 1780, currency: 'EUR' } } };

/** What payment needs from an order.created, whatever its version. */
interface ChargeTerms {
  orderId: string;
  amount: number;
  currency: string;
}

const v1Reader = {
  schema: orderCreatedV1,
  toModel: (d: z.infer<typeof orderCreatedV1>): ChargeTerms => ({
    orderId: d.orderId,
    amount: d.total,
    currency: d.currency,
  }),
};
const v2Reader = {
  schema: orderCreatedV2,
  toModel: (d: z.infer<typeof orderCreatedV2>): ChargeTerms => ({
    orderId: d.orderId,
    amount: d.price.amount,
    currency: d.price.currency,
  }),
};

describe('evolving an event to a new version', () => {
  it('makes a v1-only consumer reject v2 outright (dead letter), never misread it', () => {
    const readV1Only = versionedReader({ 'shop.order.created.v1': v1Reader });
    expect(readV1Only(v1)).toEqual({ orderId: base.orderId, amount: 1780, currency: 'EUR' });
    expect(() => readV1Only(v2)).toThrow(/unsupported event type 'shop.order.created.v2'/);
    // v2 data is not valid v1 data either: the versions are really incompatible.
    expect(orderCreatedV1.safeParse(v2.data).success).toBe(false);
  });

  it('lets an upgraded consumer read v1 and v2 into the same model while producers switch', () => {
    const read = versionedReader({ 'shop.order.created.v1': v1Reader, 'shop.order.created.v2': v2Reader });
    expect(read(v1)).toEqual(read(v2));
    expect(() => read({ ...v2, data: { ...v2.data, price: { amount: -1, currency: 'EUR' } } })).toThrow();
  });
});
