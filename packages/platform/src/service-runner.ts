import type { Express } from 'express';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { loadConfig, type BaseConfig, type DatabaseConfig } from './config';
import { DaprClient } from './dapr-client';
import { createPool, migrate } from './db';
import type { ReadinessCheck } from './http-app';
import { handleShutdown, listen } from './lifecycle';
import { OutboxRelay } from './outbox';
import { createLogger } from './logger';

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  dapr: DaprClient;
}

export interface DatabaseServiceContext<C> extends ServiceContext<C> {
  /** The service's own database, migrated; closed by the runner on shutdown. */
  pool: Pool;
}

export interface BuiltService {
  app: Express;
  /** Background work started after the app listens (an outbox relay, a timer). */
  start?: () => Promise<void>;
  /** Cleanup on shutdown, after the server stopped accepting requests. */
  stop?: () => Promise<void>;
}

export function sidecarReadiness(dapr: DaprClient): ReadinessCheck {
  return { name: 'sidecar', check: () => dapr.isHealthy() };
}

export function databaseReadiness(pool: Pool): ReadinessCheck {
  return {
    name: 'database',
    check: async () => {
      await pool.query('SELECT 1');
      return true;
    },
  };
}

export function daprClientFor(config: BaseConfig): DaprClient {
  return new DaprClient({ host: config.DAPR_HOST, httpPort: config.DAPR_HTTP_PORT, apiToken: config.DAPR_API_TOKEN });
}

export interface DatabaseOptions {
  /** Run the outbox relay that publishes this database's outbox through the sidecar. */
  outbox?: { pubsubName: string };
}

/**
 * For services that own a database: applies the platform's and the service's migrations,
 * opens the pool, runs the outbox relay when asked, and on shutdown stops the relay after
 * the service's own cleanup and closes the pool last.
 */
export function withDatabase<C extends BaseConfig & DatabaseConfig>(
  migrationsDir: string,
  build: (ctx: DatabaseServiceContext<C>) => Promise<BuiltService>,
  options: DatabaseOptions = {},
): (ctx: ServiceContext<C>) => Promise<BuiltService> {
  return async (ctx) => {
    await migrate(ctx.config.DATABASE_URL, migrationsDir, ctx.logger);
    const pool = createPool(ctx.config.DATABASE_URL, ctx.config.DATABASE_POOL_MAX);
    const service = await build({ ...ctx, pool });
    const relay = options.outbox
      ? new OutboxRelay({
          databaseUrl: ctx.config.DATABASE_URL,
          dapr: ctx.dapr,
          pubsubName: options.outbox.pubsubName,
          logger: ctx.logger,
        })
      : undefined;
    return {
      ...service,
      start: async () => {
        await relay?.start();
        await service.start?.();
      },
      stop: async () => {
        await service.stop?.();
        await relay?.stop();
        await pool.end();
      },
    };
  };
}

/**
 * Process start for every service, kept apart from the app factories so tests can build an
 * app on port 0 without any of this: parse config, build, listen, shut down gracefully.
 */
export async function runService<S extends z.ZodType<BaseConfig>>(
  schema: S,
  build: (ctx: ServiceContext<z.infer<S>>) => Promise<BuiltService>,
): Promise<void> {
  const config = loadConfig(schema) as z.infer<S>;
  const logger = createLogger(config.APP_ID, config.LOG_LEVEL);
  try {
    const dapr = daprClientFor(config);
    const service = await build({ config, logger, dapr });
    const server = await listen(service.app, config.APP_PORT, config.APP_HOST);
    await service.start?.();
    logger.info({ port: server.port }, `${config.APP_ID} listening`);
    handleShutdown(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
      await server.close();
      await service.stop?.();
    });
  } catch (err) {
    logger.fatal({ err }, 'failed to start');
    process.exitCode = 1;
    throw err;
  }
}

/** The entry point of a service's main.ts: config errors print plainly and exit 1. */
export function main(run: () => Promise<void>): void {
  run().catch((err: unknown) => {
    if (err instanceof Error && err.name === 'ConfigError') console.error(err.message);
    process.exit(1);
  });
}
