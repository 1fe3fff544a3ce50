/**
 * Drives schemathesis (an independent, property-based API fuzzer from PyPI) against the
 * gateway, from the OpenAPI document the gateway serves. It passes when schemathesis finds
 * no 5xx and no response outside the document: wrong status, content type, headers or body.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TOOLS, versions } from '../../scripts/platform/layout';

export interface FuzzRun {
  /** Gateway origin, for example http://127.0.0.1:22001. */
  gateway: string;
  token: string;
  /** Names the report folder: reports/fuzz/<label>/. */
  label: string;
  maxExamples: number;
  reportRoot: string;
  seed?: number;
  /** Real data for the fuzzer to mix into ids and SKUs, so it also reaches found resources. */
  known?: { orderIds: string[]; skus: string[] };
}

export interface FuzzResult {
  exitCode: number;
  /** The summary block schemathesis prints last. */
  summary: string;
  log: string;
  junit: string;
}

/**
 * Every check but `positive_data_acceptance`: that one expects any schema-valid request to
 * succeed, but schema-valid ids and SKUs that do not exist are rightly answered 404 or 422.
 * The coverage phase is left out: schemathesis 4.32 crashes inside it on this document
 * (a CPython "AST constructor recursion depth" error), which says nothing about the API.
 */
const CHECKS = ['--checks', 'all', '--exclude-checks', 'positive_data_acceptance'];

export function schemathesisBinary(): string {
  return path.join(TOOLS, `schemathesis-${versions().SCHEMATHESIS_VERSION}`, 'bin', 'st');
}

/**
 * A schemathesis.toml that feeds real order ids and SKUs into the path and query parameters
 * half of the time; the other half stays random (and gets the 404s it should).
 */
function configFor(known: { orderIds: string[]; skus: string[] }): string {
  const list = (xs: string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;
  const bind = (param: string, dictionary: string): string =>
    `parameters = { "${param}" = { dictionary = "${dictionary}", probability = 0.5 } }`;
  return [
    '[dictionaries.orders]',
    `values = ${list(known.orderIds)}`,
    '[dictionaries.skus]',
    `values = ${list(known.skus)}`,
    '[[operations]]',
    'include-path-regex = "^/orders/"',
    bind('path.id', 'orders'),
    '[[operations]]',
    'include-path = "/notifications"',
    bind('query.orderId', 'orders'),
    '[[operations]]',
    'include-path-regex = "/products/"',
    bind('path.sku', 'skus'),
    '',
  ].join('\n');
}

export async function runSchemathesis(run: FuzzRun): Promise<FuzzResult> {
  const dir = path.join(run.reportRoot, run.label);
  mkdirSync(dir, { recursive: true });
  const config = path.join(dir, 'schemathesis.toml');
  const configArgs = run.known ? ['--config-file', config] : [];
  if (run.known) writeFileSync(config, configFor(run.known));
  const log = path.join(dir, 'schemathesis.log');
  const junit = path.join(dir, 'junit.xml');
  const args = [
    ...configArgs,
    'run',
    `${run.gateway}/api/v1/openapi.json`,
    '--header',
    `Authorization: Bearer ${run.token}`,
    ...CHECKS,
    '--phases',
    'examples,fuzzing',
    '--max-examples',
    String(run.maxExamples),
    '--workers',
    '2',
    '--request-timeout',
    '30',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--generation-database',
    'none',
    '--no-color',
    ...(run.seed === undefined ? [] : ['--seed', String(run.seed)]),
  ];
  const out = createWriteStream(log);
  const lines: string[] = [];
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(schemathesisBinary(), args, { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const collect = (chunk: Buffer): void => {
      out.write(chunk);
      lines.push(...chunk.toString('utf8').split('\n'));
      if (lines.length > 400) lines.splice(0, lines.length - 400);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  out.end();
  const start = lines.findIndex((l) => /=+ (SUMMARY|FAILURES) =+/.test(l));
  return { exitCode, summary: lines.slice(start >= 0 ? start : -40).join('\n'), log, junit };
}

/** Places a few real orders for the fuzzer to find, as the caller itself, and lists the SKUs. */
export async function seedFuzzData(
  gateway: string,
  token: string,
  customerId: string,
): Promise<{ orderIds: string[]; skus: string[] }> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const products = (await (await fetch(`${gateway}/api/v1/products`, { headers })).json()) as {
    items: { sku: string }[];
  };
  const skus = products.items.map((p) => p.sku);
  const orderIds: string[] = [];
  for (const paymentMethod of ['pm_card_ok', 'pm_card_declined', 'pm_card_ok']) {
    const res = await fetch(`${gateway}/api/v1/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({ customerId, items: [{ sku: skus[0], quantity: 1 }], paymentMethod }),
    });
    if (res.status !== 202)
      throw new Error(`seeding an order for the fuzzer failed: HTTP ${res.status} ${await res.text()}`);
    orderIds.push(((await res.json()) as { orderId: string }).orderId);
  }
  return { orderIds, skus };
}
