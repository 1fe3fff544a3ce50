import { createHttpApp, finishApp, requireAppToken, type ReadinessCheck } from '@shop/platform';
import cors from 'cors';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { identify } from './auth/authenticate';
import type { TokenVerifier } from './auth/token-verifier';
import type { IdempotencyStore } from './idempotency/idempotency-store';
import { API_BASE } from './openapi/document';
import { docsRoutes, methodNotAllowed } from './openapi/docs-routes';
import { catalogueRoutes } from './routes/catalogue-routes';
import { deadLetterRoutes } from './routes/dead-letter-routes';
import { ordersRoutes } from './routes/orders-routes';
import type { Services } from './upstream/services';

export interface GatewayAppDeps {
  logger: Logger;
  readiness: ReadinessCheck[];
  /** The token daprd presents; only its calls may reach the Dapr endpoints (/dapr/*). */
  appApiToken: string;
  verifier: TokenVerifier;
  services: Services;
  idempotency: IdempotencyStore;
  rateLimit: RequestHandler;
  openApi: unknown;
  corsOrigins: string[];
  bodyLimit: string;
  trustProxy: string;
}

function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** The gateway app without a listening socket: tests serve it on port 0. */
export function createGatewayApp(deps: GatewayAppDeps): Express {
  const app = createHttpApp({ logger: deps.logger, readiness: deps.readiness, bodyLimit: deps.bodyLimit });
  app.set('trust proxy', trustProxySetting(deps.trustProxy));
  // The public routes face clients, so the app token guards only what daprd itself calls.
  app.use('/dapr', requireAppToken(deps.appApiToken));
  app.use(helmet());
  // No CORS headers at all unless origins are configured: browsers then allow same-origin only.
  if (deps.corsOrigins.length > 0)
    app.use(
      cors({
        origin: deps.corsOrigins,
        methods: ['GET', 'POST', 'PUT'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        exposedHeaders: [
          'Location',
          'Retry-After',
          'Idempotent-Replayed',
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
        ],
        maxAge: 600,
      }),
    );

  const api = express.Router();
  api.use(docsRoutes(deps.openApi));
  api.use(identify(deps.verifier));
  api.use(deps.rateLimit);
  api.use(ordersRoutes(deps));
  api.use(catalogueRoutes(deps.services));
  api.use(deadLetterRoutes(deps.services));
  api.use(methodNotAllowed);
  app.use(API_BASE, api);
  return finishApp(app, deps.logger);
}
