/**
 * Prints a bearer token for the local gateway:
 *   npm run --silent token -- --sub c-1001 --role customer [--ttl 3600]
 */
import { parseArgs } from 'node:util';
import { signDevToken } from './platform/dev-keys';

const usage = 'usage: npm run --silent token -- --sub <id> --role <customer|admin> [--ttl <seconds>]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sub: { type: 'string' }, role: { type: 'string' }, ttl: { type: 'string' } },
    strict: true,
  });
  if (!values.sub || !values.role || !['customer', 'admin'].includes(values.role)) throw new Error(usage);
  const ttlSeconds = values.ttl === undefined ? 3600 : Number(values.ttl);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new Error(`--ttl must be a positive number of seconds\n${usage}`);
  process.stdout.write(`${await signDevToken({ sub: values.sub, role: values.role, ttlSeconds })}\n`);
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(2);
});
