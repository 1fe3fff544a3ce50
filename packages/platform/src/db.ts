import path from 'node:path';
import pg from 'pg';
import { runner } from 'node-pg-migrate';
import type { Logger } from 'pino';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  // A client that loses its server (a database restart) emits 'error', and an 'error' event
  // nobody listens to ends the process. The pool listens only while a client is idle, so a
  // client in use (a transaction, a query in flight) needs its own listener. Its queries fail
  // with the same error, and the pool drops the broken client when it is released.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs `fn` in one transaction: commit on success, rollback on any error. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** The outbox and inbox tables every service with a database shares. */
export const platformMigrationsDir = path.resolve(__dirname, '..', 'migrations');

/**
 * Applies the platform's migrations and then the service's own, in file-name order,
 * under node-pg-migrate's advisory lock so concurrent replicas do not race.
 */
export async function migrate(databaseUrl: string, serviceDir: string, logger: Logger): Promise<void> {
  await runner({
    databaseUrl,
    // Two folders need glob mode; file names order platform migrations (1000…) first.
    useGlob: true,
    dir: [path.join(platformMigrationsDir, '*.sql'), path.join(serviceDir, '*.sql')],
    direction: 'up',
    migrationsTable: 'pgmigrations',
    count: Infinity,
    logger: {
      debug: () => undefined,
      info: (m: string) => logger.debug(m),
      warn: (m: string) => logger.warn(m),
      error: (m: string) => logger.error(m),
    },
  });
}
