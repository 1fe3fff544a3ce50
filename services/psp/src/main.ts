// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import { main, runService } from '@shop/platform';
import { createPspApp } from './app';
import { pspConfigSchema } from './config';

main(() =>
  runService(pspConfigSchema, async ({ config, logger, dapr }) => ({
    app: createPspApp({
      dapr,
      logger,
      appApiToken: config.APP_API_TOKEN,
      stateStore: config.STATE_STORE,
      slowMs: config.PSP_SLOW_MS,
    }),
  })),
);
