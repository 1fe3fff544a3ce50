import { createHttpApp, databaseReadiness, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { PriceList } from './domain/place-order';
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
  return finishApp(app, deps.logger);
}
