import { eventRoute, eventTypesOn, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
import {
  PoisonMessageError,
  subscriptionRoute,
  traceIdOf,
  transactionalHandler,
  type CloudEvent,
} from '@shop/platform';
import { Router } from 'express';
import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import { lockOrder } from '../data/order-repository';
import { appendTimeline } from '../data/timeline-repository';
import { cancelOrder, confirmOrder, sagaStep } from '../domain/order-saga';
import type { Order } from '../domain/order';
import { recordTransition, SOURCE } from '../domain/record-transition';
import { observeSagaEnd } from '../metrics/saga-metrics';

/** Records the event on the order's timeline and applies the saga step it calls for. */
async function onSagaEvent(
  client: PoolClient,
  event: DomainEvent,
  envelope: CloudEvent,
  logger: Logger,
): Promise<Order | undefined> {
  const order = await lockOrder(client, event.data.orderId);
  // Every saga event follows an order.created this service wrote: an unknown order is bogus.
  if (!order) throw new PoisonMessageError(`${event.type} for unknown order ${event.data.orderId}`);
  await appendTimeline(client, {
    orderId: order.id,
    eventId: envelope.id,
    type: envelope.type,
    time: envelope.time ? new Date(envelope.time) : new Date(),
    traceId: traceIdOf(envelope),
  });
  const step = sagaStep(order, event);
  const now = new Date();
  const change =
    step.kind === 'confirm'
      ? confirmOrder(order, now)
      : step.kind === 'cancel'
        ? cancelOrder(order, step.reason, now)
        : undefined;
  if (change) await recordTransition(client, change, envelope);
  logger.info({ orderId: order.id, type: event.type, step: step.kind, status: order.status }, 'saga event applied');
  // The saga ends when a pending order is confirmed or cancelled.
  return change && order.status === 'PENDING' ? change.order : undefined;
}

/** The inventory and payment events the order saga reacts to (components/resources/subscriptions.yaml). */
export function sagaEventsRoutes(pool: Pool, logger: Logger): Router {
  const router = Router();
  const apply = transactionalHandler<DomainEvent, Order | undefined>(
    { pool, consumer: SOURCE, logger },
    (client, event, envelope) => onSagaEvent(client, event, envelope, logger),
  );
  const handle = async (event: DomainEvent, envelope: CloudEvent): Promise<void> => {
    const ended = await apply(event, envelope);
    if (ended) observeSagaEnd(ended);
  };
  router.post(
    eventRoute(topics.inventory),
    subscriptionRoute({ logger, parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.inventory)), handle }),
  );
  router.post(
    eventRoute(topics.payment),
    subscriptionRoute({ logger, parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.payment)), handle }),
  );
  return router;
}
