import { baseConfigSchema, createHttpApp, finishApp, main, runService, sidecarReadiness } from '@shop/platform';

// Walking skeleton: the public API (auth, idempotency, routing) arrives with the gateway issue.
main(() =>
  runService(baseConfigSchema, async ({ logger, dapr }) => {
    const app = createHttpApp({
      logger,
      // The gateway faces clients, not a sidecar: no app-token gate on its routes.
      readiness: [sidecarReadiness(dapr)],
    });
    return { app: finishApp(app, logger) };
  }),
);
