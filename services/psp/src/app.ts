import { createHttpApp, finishApp, sidecarReadiness, type DaprClient } from '@shop/platform';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { Ledger } from './data/ledger';
import { pspRoutes } from './routes/psp-routes';

export interface PspAppDeps {
  dapr: DaprClient;
  logger: Logger;
  appApiToken: string;
  stateStore: string;
  slowMs: number;
}

export function createPspApp(deps: PspAppDeps): Express {
  const app = createHttpApp({
    logger: deps.logger,
    appApiToken: deps.appApiToken,
    readiness: [sidecarReadiness(deps.dapr)],
  });
  app.use(pspRoutes({ ledger: new Ledger(deps.dapr, deps.stateStore), slowMs: deps.slowMs }));
  return finishApp(app, deps.logger);
}
