import path from 'node:path';
import {
  baseConfigSchema,
  createHttpApp,
  databaseConfigSchema,
  databaseReadiness,
  finishApp,
  main,
  runService,
  sidecarReadiness,
  withDatabase,
} from '@shop/platform';

const configSchema = baseConfigSchema.extend(databaseConfigSchema.shape);

// Walking skeleton: the payment app owns its database and sidecar; charging arrives with the saga.
main(() =>
  runService(
    configSchema,
    withDatabase(path.resolve(__dirname, '..', 'migrations'), async ({ config, logger, dapr, pool }) => {
      const app = createHttpApp({
        logger,
        appApiToken: config.APP_API_TOKEN,
        readiness: [databaseReadiness(pool), sidecarReadiness(dapr)],
      });
      return { app: finishApp(app, logger) };
    }),
  ),
);
