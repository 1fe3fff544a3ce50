import { randomUUID } from 'node:crypto';
import type { EventData } from '@shop/contracts';
import { withTransaction } from '@shop/platform';
import type { Pool } from 'pg';
import { findOrder, insertOrder } from '../data/order-repository';
import { emitOrderEvent } from './record-transition';
import {
  isSameOrder,
  mergeLines,
  OrderIdConflictError,
  orderTotal,
  priceLines,
  type Order,
  type PlaceOrder,
} from './order';

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
 * outbox row: either both exist or neither does. With a caller-chosen order id the call is
 * idempotent: the same request again returns the order that exists (even when both arrive at
 * once: the primary key decides), a different one under that id is a conflict.
 */
export async function placeOrder(
  deps: PlaceOrderDeps,
  cmd: PlaceOrder & { trace?: { traceparent?: string; tracestate?: string } },
): Promise<Order> {
  if (cmd.orderId) {
    const existing = await findOrder(deps.pool, cmd.orderId);
    if (existing) return sameOrThrow(existing, cmd);
  }
  const lines = mergeLines(cmd.items);
  const priced = priceLines(lines, await deps.prices.pricesFor(lines.map((l) => l.sku)));
  const now = deps.now?.() ?? new Date();
  const order: Order = {
    id: cmd.orderId ?? randomUUID(),
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
  const inserted = await withTransaction(deps.pool, async (client) => {
    if (!(await insertOrder(client, order))) return false;
    await emitOrderEvent(client, { type: 'shop.order.created.v1', data }, cmd.trace);
    return true;
  });
  if (inserted) return order;
  // A concurrent request with the same order id committed first.
  const winner = await findOrder(deps.pool, order.id);
  if (!winner) throw new Error(`order ${order.id} conflicted on insert but does not exist`);
  return sameOrThrow(winner, cmd);
}

function sameOrThrow(existing: Order, cmd: PlaceOrder): Order {
  if (!isSameOrder(existing, cmd)) throw new OrderIdConflictError(existing.id);
  return existing;
}
