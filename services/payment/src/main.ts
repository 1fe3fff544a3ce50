import path from 'node:path';
import {
  baseConfigSchema,
  createHttpApp,
  databaseConfigSchema,
  databaseReadiness,
  finishApp,
  main,
  openDatabase,
  runService,
  sidecarReadiness,
} from '@shop/platform';

const configSchema = baseConfigSchema.extend(databaseConfigSchema.shape);

// Walking skeleton: the payment app owns its database and sidecar; charging arrives with the saga.
main(() =>
  runService(configSchema, async ({ config, logger, dapr }) => {
    const pool = await openDatabase(
      config.DATABASE_URL,
      config.DATABASE_POOL_MAX,
      path.resolve(__dirname, '..', 'migrations'),
      logger,
    );
    const app = createHttpApp({
      logger,
      appApiToken: config.APP_API_TOKEN,
      readiness: [databaseReadiness(pool), sidecarReadiness(dapr)],
    });
    return { app: finishApp(app, logger), stop: () => pool.end() };
  }),
);
