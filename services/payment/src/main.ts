// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import path from 'node:path';
import { PUBSUB_NAME } from '@shop/contracts';
import { main, runService, withDatabase } from '@shop/platform';
import { createPaymentApp } from './app';
import { paymentConfigSchema } from './config';

main(() =>
  runService(
    paymentConfigSchema,
    withDatabase(
      path.resolve(__dirname, '..', 'migrations'),
      async ({ config, logger, dapr, pool }) => ({
        app: createPaymentApp({ pool, dapr, logger, appApiToken: config.APP_API_TOKEN, pspAppId: config.PSP_APP_ID }),
      }),
      { outbox: { pubsubName: PUBSUB_NAME } },
    ),
  ),
);
