import path from 'node:path';
import { PUBSUB_NAME } from '@shop/contracts';
import { main, openDatabase, OutboxRelay, runService } from '@shop/platform';
import { createOrderApp } from './app';
import { orderConfigSchema } from './config';
import { InventoryPriceList } from './data/inventory-price-list';

main(() =>
  runService(orderConfigSchema, async ({ config, logger, dapr }) => {
    const pool = await openDatabase(
      config.DATABASE_URL,
      config.DATABASE_POOL_MAX,
      path.resolve(__dirname, '..', 'migrations'),
      logger,
    );
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
    return {
      app,
      start: () => relay.start(),
      stop: async () => {
        await relay.stop();
        await pool.end();
      },
    };
  }),
);
