import { cancelReasons } from '@shop/contracts';
import { withTransaction } from '@shop/platform';
import type { Pool } from 'pg';
import { lockExpiredOrders, lockOrder } from '../data/order-repository';
import type { Order } from './order';
import { cancelOrder } from './order-saga';
import { observeSagaEnd } from '../metrics/saga-metrics';
import { recordTransition } from './record-transition';

export class OrderNotFoundError extends Error {
  override readonly name = 'OrderNotFoundError';
}

/**
 * A customer cancels a pending or confirmed order (DESIGN.md, saga step 6). The
 * `order.cancelled` event makes inventory release or restock and payment refund.
 * Asking again is answered with the same cancelled order and changes nothing, so the call
 * is safe to retry; an order the saga itself cancelled cannot be cancelled by the customer.
 */
export async function cancelByCustomer(
  pool: Pool,
  orderId: string,
  trace?: { traceparent?: string; tracestate?: string },
  now = new Date(),
): Promise<Order> {
  const { order, endedSaga } = await withTransaction(pool, async (client) => {
    const current = await lockOrder(client, orderId);
    if (!current) throw new OrderNotFoundError(`order ${orderId} does not exist`);
    if (current.status === 'CANCELLED' && current.reason === cancelReasons.customer) {
      return { order: current, endedSaga: false };
    }
    const change = cancelOrder(current, cancelReasons.customer, now);
    await recordTransition(client, change, trace);
    return { order: change.order, endedSaga: current.status === 'PENDING' };
  });
  if (endedSaga) observeSagaEnd(order);
  return order;
}

/** Cancels, with reason `timeout`, pending orders past their deadline. Returns how many. */
export async function cancelExpiredOrders(pool: Pool, now = new Date(), batch = 50): Promise<number> {
  const cancelled = await withTransaction(pool, async (client) => {
    const expired = await lockExpiredOrders(client, now, batch);
    const changes = expired.map((order) => cancelOrder(order, cancelReasons.timeout, now));
    for (const change of changes) await recordTransition(client, change);
    return changes.map((c) => c.order);
  });
  for (const order of cancelled) observeSagaEnd(order);
  return cancelled.length;
}
