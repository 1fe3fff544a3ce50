import { createHttpApp, databaseReadiness, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { deadLetterRoutes } from './dead-letters/dead-letter-routes';
import type { PriceList } from './domain/place-order';
import { sagaEventsRoutes } from './events/saga-events';
import { ordersRoutes } from './routes/orders-routes';

export interface OrderAppDeps {
  pool: Pool;
  dapr: DaprClient;
  logger: Logger;
  prices: PriceList;
  appApiToken: string;
  currency: string;
  sagaTimeoutMs: number;
}

/** The order app without a listening socket: tests serve it on port 0. */
export function createOrderApp(deps: OrderAppDeps): Express {
  const app = createHttpApp({
    logger: deps.logger,
    appApiToken: deps.appApiToken,
    readiness: [databaseReadiness(deps.pool), sidecarReadiness(deps.dapr)],
  });
  app.use(ordersRoutes(deps));
  app.use(sagaEventsRoutes(deps.pool, deps.logger));
  app.use(deadLetterRoutes(deps));
  return finishApp(app, deps.logger);
}
