import { parseDomainEvent, type DomainEvent } from '@shop/contracts';
import { recordInInbox, subscriptionRoute, withTransaction } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';

/** The route daprd delivers `order.events` to (see components/subscriptions.yaml). */
export const ORDER_EVENTS_ROUTE = '/events/order';

/**
 * Handles order events. The walking skeleton records each event in the inbox, in the
 * transaction that will also hold the reservation once the saga lands.
 */
export function orderEventsRoutes(pool: Pool, logger: Logger): Router {
  const router = Router();
  router.post(
    ORDER_EVENTS_ROUTE,
    subscriptionRoute<DomainEvent>({
      logger,
      parse: (ce) =>
        parseDomainEvent(ce, ['shop.order.created.v1', 'shop.order.confirmed.v1', 'shop.order.cancelled.v1']),
      handle: async (event, envelope) => {
        await withTransaction(pool, async (client) => {
          const fresh = await recordInInbox(client, 'inventory', envelope);
          if (!fresh) {
            logger.info({ eventId: envelope.id }, 'duplicate delivery skipped');
            return;
          }
          logger.info({ eventId: envelope.id, type: event.type, orderId: event.data.orderId }, 'order event received');
        });
      },
    }),
  );
  return router;
}
