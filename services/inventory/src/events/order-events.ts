import { eventRoute, eventTypesOn, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
import { subscriptionRoute, transactionalHandler } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { onOrderEvent, SOURCE } from '../domain/order-saga';

/** The route daprd delivers `order.events` to (components/resources/subscriptions.yaml). */
export function orderEventsRoutes(pool: Pool, logger: Logger): Router {
  const router = Router();
  router.post(
    eventRoute(topics.order),
    subscriptionRoute<DomainEvent>({
      logger,
      parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.order)),
      handle: transactionalHandler({ pool, consumer: SOURCE, logger }, (client, event, envelope) =>
        onOrderEvent(client, event, envelope, logger),
      ),
    }),
  );
  return router;
}
