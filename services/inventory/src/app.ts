import { createHttpApp, databaseReadiness, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { orderEventsRoutes } from './events/order-events';
import { productsRoutes } from './routes/products-routes';

export interface InventoryAppDeps {
  pool: Pool;
  dapr: DaprClient;
  logger: Logger;
  appApiToken: string;
}

export function createInventoryApp(deps: InventoryAppDeps): Express {
  const app = createHttpApp({
    logger: deps.logger,
    appApiToken: deps.appApiToken,
    readiness: [databaseReadiness(deps.pool), sidecarReadiness(deps.dapr)],
  });
  app.use(productsRoutes(deps.pool));
  app.use(orderEventsRoutes(deps.pool, deps.logger));
  return finishApp(app, deps.logger);
}
