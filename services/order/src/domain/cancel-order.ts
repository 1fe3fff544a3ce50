import { cancelReasons } from '@shop/contracts';
import { withTransaction } from '@shop/platform';
import type { Pool } from 'pg';
import { lockExpiredOrders, lockOrder } from '../data/order-repository';
import type { Order } from './order';
import { cancelOrder } from './order-saga';
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
  return withTransaction(pool, async (client) => {
    const order = await lockOrder(client, orderId);
    if (!order) throw new OrderNotFoundError(`order ${orderId} does not exist`);
    if (order.status === 'CANCELLED' && order.reason === cancelReasons.customer) return order;
    const change = cancelOrder(order, cancelReasons.customer, now);
    await recordTransition(client, change, trace);
    return change.order;
  });
}

/** Cancels, with reason `timeout`, pending orders past their deadline. Returns how many. */
export async function cancelExpiredOrders(pool: Pool, now = new Date(), batch = 50): Promise<number> {
  return withTransaction(pool, async (client) => {
    const expired = await lockExpiredOrders(client, now, batch);
    for (const order of expired) await recordTransition(client, cancelOrder(order, cancelReasons.timeout, now));
    return expired.length;
  });
}
