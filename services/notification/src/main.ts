// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import { main, runService } from '@shop/platform';
import { createNotificationApp } from './app';
import { notificationConfigSchema } from './config';

main(() =>
  runService(notificationConfigSchema, async ({ config, logger, dapr }) => ({
    app: createNotificationApp({ dapr, logger, appApiToken: config.APP_API_TOKEN, stateStore: config.STATE_STORE }),
  })),
);
