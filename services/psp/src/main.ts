import { baseConfigSchema, createHttpApp, finishApp, main, runService, sidecarReadiness } from '@shop/platform';

// Walking skeleton: the stand-in payment provider; its test payment methods arrive with the saga.
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
