import { eventRoute, parseDomainEvent, topics, type DomainEvent } from '@shop/contracts';
import { subscriptionRoute } from '@shop/platform';
import { Router } from 'express';
import type { Logger } from 'pino';
import type { NotificationStore } from '../data/notification-store';
import { cancelledNotification, confirmedNotification, type Notification } from '../domain/notification';

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
      parse: (ce) =>
        parseDomainEvent(ce, ['shop.order.created.v1', 'shop.order.confirmed.v1', 'shop.order.cancelled.v1']),
      handle: async (event, envelope) => {
        let notification: Notification;
        if (event.type === 'shop.order.confirmed.v1')
          notification = confirmedNotification(event.data, envelope.id, new Date());
        else if (event.type === 'shop.order.cancelled.v1')
          notification = cancelledNotification(event.data, envelope.id, new Date());
        else return;
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
