import { createHttpApp, databaseReadiness, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { PspClient } from './data/psp-client';
import { paymentEventsRoutes } from './events/payment-events';
import { paymentsRoutes } from './routes/payments-routes';

export interface PaymentAppDeps {
  pool: Pool;
  dapr: DaprClient;
  logger: Logger;
  appApiToken: string;
  pspAppId: string;
}

export function createPaymentApp(deps: PaymentAppDeps): Express {
  const app = createHttpApp({
    logger: deps.logger,
    appApiToken: deps.appApiToken,
    readiness: [databaseReadiness(deps.pool), sidecarReadiness(deps.dapr)],
  });
  app.use(paymentsRoutes(deps.pool));
  app.use(paymentEventsRoutes(deps.pool, { psp: new PspClient(deps.dapr, deps.pspAppId), logger: deps.logger }));
  return finishApp(app, deps.logger);
}
