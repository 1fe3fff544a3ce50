import { cancelReasons, type DomainEvent, type EventData } from '@shop/contracts';
import type { Order } from './order';

/** What an incoming saga event asks of the order. */
export type SagaStep = { kind: 'confirm' } | { kind: 'cancel'; reason: string } | { kind: 'none'; why: string };

/**
 * The order's side of the choreography (DESIGN.md, saga steps 4 and 7), as a pure function of
 * its status and the event. Events that arrive after the order is final change nothing: a
 * payment completed for an order that was cancelled meanwhile is refunded by payment, which
 * sees the same `order.cancelled`.
 */
export function sagaStep(order: Pick<Order, 'status'>, event: DomainEvent): SagaStep {
  const pending = order.status === 'PENDING';
  switch (event.type) {
    case 'shop.inventory.rejected.v1':
      return pending ? { kind: 'cancel', reason: cancelReasons.outOfStock } : { kind: 'none', why: 'order is final' };
    case 'shop.payment.failed.v1':
      return pending ? { kind: 'cancel', reason: event.data.reason } : { kind: 'none', why: 'order is final' };
    case 'shop.payment.completed.v1':
      return pending ? { kind: 'confirm' } : { kind: 'none', why: `order is already ${order.status}` };
    default:
      return { kind: 'none', why: 'recorded on the timeline only' };
  }
}

export class OrderNotCancellableError extends Error {
  override readonly name = 'OrderNotCancellableError';
}

/** PENDING → CONFIRMED, with the `order.confirmed` event to emit. */
export function confirmOrder(order: Order, now: Date): { order: Order; event: DomainEvent } {
  if (order.status !== 'PENDING') throw new Error(`cannot confirm a ${order.status} order`);
  const data: EventData<'shop.order.confirmed.v1'> = {
    orderId: order.id,
    customerId: order.customerId,
    total: order.total,
    currency: order.currency,
  };
  return { order: { ...order, status: 'CONFIRMED', updatedAt: now }, event: { type: 'shop.order.confirmed.v1', data } };
}

/**
 * PENDING or CONFIRMED → CANCELLED with a reason, and the `order.cancelled` event that starts
 * the compensations (release the stock, refund a capture).
 */
export function cancelOrder(order: Order, reason: string, now: Date): { order: Order; event: DomainEvent } {
  if (order.status === 'CANCELLED') throw new OrderNotCancellableError(`order ${order.id} is already cancelled`);
  const data: EventData<'shop.order.cancelled.v1'> = {
    orderId: order.id,
    customerId: order.customerId,
    reason,
    previousStatus: order.status,
  };
  return {
    order: { ...order, status: 'CANCELLED', reason, updatedAt: now },
    event: { type: 'shop.order.cancelled.v1', data },
  };
}
