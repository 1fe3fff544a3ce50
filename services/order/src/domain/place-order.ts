import { randomUUID } from 'node:crypto';
import type { EventData } from '@shop/contracts';
import { withTransaction } from '@shop/platform';
import type { Pool } from 'pg';
import { insertOrder } from '../data/order-repository';
import { emitOrderEvent } from './record-transition';
import { mergeLines, orderTotal, priceLines, type Order, type PlaceOrder } from './order';

/** Where prices come from: the inventory catalogue, through Dapr service invocation. */
export interface PriceList {
  pricesFor(skus: string[]): Promise<Map<string, number>>;
}

export interface PlaceOrderDeps {
  pool: Pool;
  prices: PriceList;
  currency: string;
  sagaTimeoutMs: number;
  now?: () => Date;
}

/**
 * Stores the order PENDING and, in the same transaction, its `shop.order.created.v1`
 * outbox row: either both exist or neither does.
 */
export async function placeOrder(
  deps: PlaceOrderDeps,
  cmd: PlaceOrder & { trace?: { traceparent?: string; tracestate?: string } },
): Promise<Order> {
  const lines = mergeLines(cmd.items);
  const priced = priceLines(lines, await deps.prices.pricesFor(lines.map((l) => l.sku)));
  const now = deps.now?.() ?? new Date();
  const order: Order = {
    id: randomUUID(),
    customerId: cmd.customerId,
    status: 'PENDING',
    reason: null,
    items: priced,
    total: orderTotal(priced),
    currency: deps.currency,
    paymentMethod: cmd.paymentMethod,
    deadline: new Date(now.getTime() + deps.sagaTimeoutMs),
    createdAt: now,
    updatedAt: now,
  };
  const data: EventData<'shop.order.created.v1'> = {
    orderId: order.id,
    customerId: order.customerId,
    items: order.items,
    total: order.total,
    currency: order.currency,
    paymentMethod: order.paymentMethod,
    deadline: order.deadline.toISOString(),
  };
  await withTransaction(deps.pool, async (client) => {
    await insertOrder(client, order);
    await emitOrderEvent(client, { type: 'shop.order.created.v1', data }, cmd.trace);
  });
  return order;
}
