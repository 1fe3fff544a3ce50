// First: tracing must patch http, express, pg and pino before they load.
import '@shop/platform/telemetry';
import { main, runService, sidecarReadiness } from '@shop/platform';
import { createGatewayApp } from './app';
import { TokenVerifier, keySource } from './auth/token-verifier';
import { gatewayConfigSchema } from './config';
import { DaprIdempotencyStore } from './idempotency/idempotency-store';
import { openApiDocument } from './openapi/document';
import { RateLimiter } from './rate-limit/rate-limiter';
import { ServiceClient } from './upstream/service-client';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

main(() =>
  runService(gatewayConfigSchema, async ({ config, logger, dapr }) => {
    const rateLimiter = new RateLimiter(
      {
        redisUrl: config.RATE_LIMIT_REDIS_URL,
        points: config.RATE_LIMIT_POINTS,
        windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
      },
      logger,
    );
    const verifier = new TokenVerifier(keySource({ url: config.JWT_JWKS_URL, file: config.JWT_JWKS_FILE }), {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      roleClaim: config.JWT_ROLE_CLAIM,
      algorithms: config.JWT_ALGORITHMS,
    });
    const app = createGatewayApp({
      logger,
      readiness: [sidecarReadiness(dapr)],
      appApiToken: config.APP_API_TOKEN,
      verifier,
      services: new ServiceClient(dapr, logger, config.UPSTREAM_TIMEOUT_MS),
      idempotency: new DaprIdempotencyStore(dapr, config.STATE_STORE, config.IDEMPOTENCY_TTL_SECONDS),
      rateLimit: rateLimiter.middleware(),
      openApi: openApiDocument(version),
      corsOrigins: config.CORS_ORIGINS,
      bodyLimit: config.BODY_LIMIT,
      trustProxy: config.TRUST_PROXY,
    });
    return { app, stop: () => rateLimiter.close() };
  }),
);
