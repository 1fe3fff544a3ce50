// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import path from 'node:path';
import { PUBSUB_NAME } from '@shop/contracts';
import { main, runService, withDatabase } from '@shop/platform';
import { createOrderApp } from './app';
import { orderConfigSchema } from './config';
import { registerSagaGauges } from './metrics/saga-metrics';
import { InventoryPriceList } from './data/inventory-price-list';
import { SagaDeadlineWatcher } from './domain/saga-deadline';

main(() =>
  runService(
    orderConfigSchema,
    withDatabase(
      path.resolve(__dirname, '..', 'migrations'),
      async ({ config, logger, dapr, pool }) => {
        const deadlines = new SagaDeadlineWatcher(pool, logger, config.SAGA_DEADLINE_CHECK_MS);
        registerSagaGauges(pool);
        const app = createOrderApp({
          pool,
          dapr,
          logger,
          prices: new InventoryPriceList(dapr),
          appApiToken: config.APP_API_TOKEN,
          currency: config.CURRENCY,
          sagaTimeoutMs: config.SAGA_TIMEOUT_MS,
        });
        return {
          app,
          start: async () => deadlines.start(),
          stop: () => deadlines.stop(),
        };
      },
      { outbox: { pubsubName: PUBSUB_NAME } },
    ),
  ),
);
