import { eventRoute, eventTypesOn, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
import { subscriptionRoute } from '@shop/platform';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { NotificationStore } from '../data/notification-store';
import { notificationFor } from '../domain/notification';

/**
 * Saga step 8: one notification per order outcome. The claim in the state store comes before
 * the send, so a redelivery never notifies twice (a crash between the two loses the send; a
 * real channel would get its own outbox).
 */
export function orderEventsRoutes(store: NotificationStore, logger: Logger): Router {
  const router = Router();
  router.post(
    eventRoute(topics.order),
    subscriptionRoute<DomainEvent>({
      logger,
      parse: (ce) => parseDomainEvent(ce, eventTypesOn(topics.order)),
      handle: async (event, envelope) => {
        const notification = notificationFor(event, envelope.id, new Date());
        if (!notification) return;
        if (!(await store.claim(notification))) {
          await store.countDuplicate(notification.orderId, notification.outcome);
          logger.info(
            { orderId: notification.orderId, outcome: notification.outcome },
            'duplicate notification skipped',
          );
          return;
        }
        logger.info(
          { orderId: notification.orderId, outcome: notification.outcome, channel: notification.channel },
          `notification sent: ${notification.message}`,
        );
      },
    }),
  );
  return router;
}
