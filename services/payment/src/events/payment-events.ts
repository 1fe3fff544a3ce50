import { eventRoute, eventTypesOn, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
import { subscriptionRoute, transactionalHandler } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import { onPaymentSagaEvent, SOURCE, type PaymentSagaDeps } from '../domain/payment-saga';

/** Payment consumes order.events and inventory.events (components/resources/subscriptions.yaml). */
export function paymentEventsRoutes(pool: Pool, deps: PaymentSagaDeps): Router {
  const router = Router();
  const handle = transactionalHandler<DomainEvent>(
    { pool, consumer: SOURCE, logger: deps.logger },
    (client, event, envelope) => onPaymentSagaEvent(client, event, envelope, deps),
  );
  router.post(
    eventRoute(topics.order),
    subscriptionRoute({
      logger: deps.logger,
      parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.order)),
      handle,
    }),
  );
  router.post(
    eventRoute(topics.inventory),
    subscriptionRoute({
      logger: deps.logger,
      parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.inventory)),
      handle,
    }),
  );
  return router;
}
