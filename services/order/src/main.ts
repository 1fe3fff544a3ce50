import path from 'node:path';
import { PUBSUB_NAME } from '@shop/contracts';
import { main, OutboxRelay, runService, withDatabase } from '@shop/platform';
import { createOrderApp } from './app';
import { orderConfigSchema } from './config';
import { InventoryPriceList } from './data/inventory-price-list';

main(() =>
  runService(
    orderConfigSchema,
    withDatabase(path.resolve(__dirname, '..', 'migrations'), async ({ config, logger, dapr, pool }) => {
      const relay = new OutboxRelay({ databaseUrl: config.DATABASE_URL, dapr, pubsubName: PUBSUB_NAME, logger });
      const app = createOrderApp({
        pool,
        dapr,
        logger,
        prices: new InventoryPriceList(dapr),
        appApiToken: config.APP_API_TOKEN,
        currency: config.CURRENCY,
        sagaTimeoutMs: config.SAGA_TIMEOUT_MS,
      });
      return { app, start: () => relay.start(), stop: () => relay.stop() };
    }),
  ),
);
