import { outboxMessage, type DomainEvent } from '@shop/contracts';
import { enqueueOutbox, traceIdOf, type CloudEvent } from '@shop/platform';
import type { PoolClient } from 'pg';
import { updateOrderStatus } from '../data/order-repository';
import { appendTimeline } from '../data/timeline-repository';
import type { Order } from './order';

/** The app id, as the `source` of the events order emits. */
export const SOURCE = 'order';

/**
 * Writes an event the order emits: its outbox row and its timeline entry, in the caller's
 * transaction. `cause` is the event or request context it reacts to (its trace continues).
 */
export async function emitOrderEvent(
  client: PoolClient,
  event: DomainEvent,
  cause?: Pick<CloudEvent, 'traceparent' | 'tracestate'>,
): Promise<void> {
  const published = await enqueueOutbox(client, outboxMessage(event, SOURCE, cause));
  await appendTimeline(client, {
    orderId: event.data.orderId,
    eventId: published.id,
    type: published.type,
    time: new Date(published.time ?? Date.now()),
    traceId: traceIdOf(published),
  });
}

/** Saves a status change together with the event that announces it. */
export async function recordTransition(
  client: PoolClient,
  change: { order: Order; event: DomainEvent },
  cause?: Pick<CloudEvent, 'traceparent' | 'tracestate'>,
): Promise<void> {
  await updateOrderStatus(client, change.order);
  await emitOrderEvent(client, change.event, cause);
}
