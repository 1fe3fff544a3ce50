// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import path from 'node:path';
import { PUBSUB_NAME } from '@shop/contracts';
import { main, runService, withDatabase } from '@shop/platform';
import { createInventoryApp } from './app';
import { inventoryConfigSchema } from './config';

main(() =>
  runService(
    inventoryConfigSchema,
    withDatabase(
      path.resolve(__dirname, '..', 'migrations'),
      async ({ config, logger, dapr, pool }) => ({
        app: createInventoryApp({ pool, dapr, logger, appApiToken: config.APP_API_TOKEN }),
      }),
      { outbox: { pubsubName: PUBSUB_NAME } },
    ),
  ),
);
