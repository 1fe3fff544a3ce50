/** The platform as the benchmark and the fault run use it: freshly started, stocked, with a token. */
import pg from 'pg';
import { signDevToken } from '../platform/dev-keys';
import type { Profile } from '../platform/layout';
import { resetPlatform, startPlatform, stopPlatform, type RunningPlatform } from '../platform/platform';

export interface LoadPlatform {
  running: RunningPlatform;
  gateway: string;
  /** An admin token: it may place orders for any customer, so each order has its own customer. */
  token: string;
}

/**
 * Starts the profile from empty data. The gateway's rate limit (300 requests a minute per
 * client by default) is raised: the load comes from one client and must not be refused.
 */
export async function startLoadPlatform(
  p: Profile,
  log: (line: string) => void,
  appEnv: Record<string, string> = {},
): Promise<LoadPlatform> {
  await stopPlatform(p);
  resetPlatform(p);
  const running = await startPlatform(p, {
    log: (l) => log(`  ${l}`),
    appEnv: { RATE_LIMIT_POINTS: '1000000000', ...appEnv },
  });
  const token = await signDevToken({ sub: 'load-harness', role: 'admin', ttlSeconds: 6 * 3600 });
  return { running, gateway: `http://127.0.0.1:${p.apps.gateway.app}`, token };
}

/**
 * Sets every product's stock (so a long run tests the saga rather than running out), or some
 * products' (`except`); returns the stock of every product.
 */
export async function restock(
  running: RunningPlatform,
  available: number,
  except: Record<string, number> = {},
): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: running.infra.databaseUrls.inventory });
  await client.connect();
  try {
    const res = await client.query<{ sku: string; available: number }>(
      `UPDATE products SET available = COALESCE(($2::jsonb ->> sku)::int, $1), updated_at = now()
       RETURNING sku, available`,
      [available, JSON.stringify(except)],
    );
    return Object.fromEntries(res.rows.map((r) => [r.sku, r.available]));
  } finally {
    await client.end();
  }
}
