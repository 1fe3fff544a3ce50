import { timingSafeEqual } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { AppError, errorHandler, notFoundHandler } from './errors';
import { measureRequests, serveMetrics } from './metrics';

/** A named dependency the app needs to be ready: its database, its sidecar, ... */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<boolean>;
}

export interface HttpAppOptions {
  logger: Logger;
  readiness: ReadinessCheck[];
  /**
   * When set, every route except the probes requires the `dapr-api-token` header that
   * daprd adds from its APP_API_TOKEN: only the sidecar may call the app.
   */
  appApiToken?: string;
  bodyLimit?: string;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function requireAppToken(token: string): RequestHandler {
  return (req, _res, next) => {
    const given = req.header('dapr-api-token');
    if (given && sameSecret(given, token)) return next();
    next(AppError.unauthorized('this app accepts calls from its Dapr sidecar only'));
  };
}

async function runChecks(checks: ReadinessCheck[]): Promise<Record<string, boolean>> {
  const results = await Promise.all(checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const));
  return Object.fromEntries(results);
}

/**
 * The app skeleton every service starts from: probes and metrics first (they must answer
 * without the app token, for kubelets, Prometheus and the local launcher), then the token
 * gate, then JSON parsing.
 * Call `finishApp` after adding routes.
 */
export function createHttpApp(opts: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);

  app.use(measureRequests);
  // Scraped by Prometheus directly, like the probes: before the app-token gate.
  app.get('/metrics', serveMetrics);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const checks = await runChecks(opts.readiness);
    const ready = Object.values(checks).every(Boolean);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks });
  });

  if (opts.appApiToken) app.use(requireAppToken(opts.appApiToken));
  // Dapr delivers CloudEvents as application/cloudevents+json; parse both.
  app.use(express.json({ limit: opts.bodyLimit ?? '256kb', type: ['application/json', 'application/*+json'] }));
  return app;
}

export function finishApp(app: Express, logger: Logger): Express {
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
