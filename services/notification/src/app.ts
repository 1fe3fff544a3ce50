import { createHttpApp, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { NotificationStore } from './data/notification-store';
import { orderEventsRoutes } from './events/order-events';
import { notificationsRoutes } from './routes/notifications-routes';

export interface NotificationAppDeps {
  dapr: DaprClient;
  logger: Logger;
  appApiToken: string;
  stateStore: string;
}

export function createNotificationApp(deps: NotificationAppDeps): Express {
  const app = createHttpApp({
    logger: deps.logger,
    appApiToken: deps.appApiToken,
    readiness: [sidecarReadiness(deps.dapr)],
  });
  const store = new NotificationStore(deps.dapr, deps.stateStore);
  app.use(notificationsRoutes(store));
  app.use(orderEventsRoutes(store, deps.logger));
  return finishApp(app, deps.logger);
}
