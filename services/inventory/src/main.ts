import path from 'node:path';
import { main, openDatabase, runService } from '@shop/platform';
import { createInventoryApp } from './app';
import { inventoryConfigSchema } from './config';

main(() =>
  runService(inventoryConfigSchema, async ({ config, logger, dapr }) => {
    const pool = await openDatabase(
      config.DATABASE_URL,
      config.DATABASE_POOL_MAX,
      path.resolve(__dirname, '..', 'migrations'),
      logger,
    );
    const app = createInventoryApp({ pool, dapr, logger, appApiToken: config.APP_API_TOKEN });
    return { app, stop: () => pool.end() };
  }),
);
