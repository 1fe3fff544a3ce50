/**
 * The platform's Secrets for a development cluster, created once with random values and never
 * changed after (values-kind.yaml turns the chart's own generation off, because Tilt renders
 * with `helm template`, where the chart cannot see existing Secrets and would rotate them).
 * Names are the chart's (charts/shop/templates/_helpers.tpl).
 *   tsx scripts/k8s/secrets.ts [namespace]
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../platform/layout';

const namespace = process.argv[2] ?? 'shop';
const random = (): string => randomBytes(30).toString('base64url');

function exists(name: string): boolean {
  return spawnSync('kubectl', ['-n', namespace, 'get', 'secret', name], { stdio: 'ignore' }).status === 0;
}

function create(name: string, data: Record<string, string>, type = 'Opaque'): void {
  if (exists(name)) {
    console.log(`kept   secret/${name}`);
    return;
  }
  const args = ['-n', namespace, 'create', 'secret', 'generic', name, `--type=${type}`];
  for (const [k, v] of Object.entries(data)) args.push(`--from-literal=${k}=${v}`);
  const res = spawnSync('kubectl', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (res.status !== 0) throw new Error(`kubectl create secret ${name} failed`);
  console.log(`created secret/${name}`);
}

const values = parse(readFileSync(path.join(ROOT, 'charts', 'shop', 'values.yaml'), 'utf8')) as {
  services: Record<string, { database?: string }>;
  dapr: { redis: { host: string; passwordSecret: { name: string; key: string } } };
};
for (const [name, svc] of Object.entries(values.services)) {
  create(`shop-${name}-dapr-api-token`, { token: random() });
  create(`shop-${name}-dapr-app-token`, { token: random() });
  if (svc.database) create(`shop-${name}-db`, { username: name, password: random() }, 'kubernetes.io/basic-auth');
}
const redis = values.dapr.redis;
if (!exists(redis.passwordSecret.name)) {
  const password = random();
  create(redis.passwordSecret.name, { [redis.passwordSecret.key]: password });
  create('shop-gateway-redis-url', { url: `redis://:${password}@${redis.host}` });
}
