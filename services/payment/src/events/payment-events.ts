import { eventRoute, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
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
      parse: (ce) =>
        parseDomainEvent(ce, ['shop.order.created.v1', 'shop.order.confirmed.v1', 'shop.order.cancelled.v1']),
      handle,
    }),
  );
  router.post(
    eventRoute(topics.inventory),
    subscriptionRoute({
      logger: deps.logger,
      parse: (ce) =>
        parseDomainEvent(ce, [
          'shop.inventory.reserved.v1',
          'shop.inventory.rejected.v1',
          'shop.inventory.released.v1',
        ]),
      handle,
    }),
  );
  return router;
}
