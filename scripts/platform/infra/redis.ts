import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../layout';
import { startDetached, stopDetached } from '../processes';
import type { Secrets } from '../secrets';

export interface RedisHandle {
  host: string;
  password: string;
  external: boolean;
}

/** Starts a local Redis with a password and append-only persistence, unless PLATFORM_REDIS_URL is given. */
export function startRedis(p: Profile, secrets: Secrets): RedisHandle {
  const external = process.env.PLATFORM_REDIS_URL;
  if (external) {
    const url = new URL(external);
    return { host: `${url.hostname}:${url.port || 6379}`, password: decodeURIComponent(url.password), external: true };
  }
  const dir = path.join(p.data, 'redis');
  mkdirSync(dir, { recursive: true });
  startDetached(p, 'redis', 'redis-server', [
    '--port',
    String(p.redisPort),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--requirepass',
    secrets.redisPassword,
    '--save',
    '60 1000',
  ]);
  return { host: `127.0.0.1:${p.redisPort}`, password: secrets.redisPassword, external: false };
}

export const stopRedis = (p: Profile): Promise<boolean> => stopDetached(p, 'redis');
