import { baseConfigSchema, createHttpApp, finishApp, main, runService, sidecarReadiness } from '@shop/platform';

// Walking skeleton: notification keeps its state in the Redis state store, through its sidecar.
main(() =>
  runService(baseConfigSchema, async ({ config, logger, dapr }) => {
    const app = createHttpApp({
      logger,
      appApiToken: config.APP_API_TOKEN,
      readiness: [sidecarReadiness(dapr)],
    });
    return { app: finishApp(app, logger) };
  }),
);
