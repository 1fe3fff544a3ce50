/** Runs the k6 load script (scripts/load/k6/place-orders.js) and reads back what it measured. */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { TOOLS } from '../platform/layout';

export interface LoadStage {
  runId: string;
  gateway: string;
  token: string;
  /** Orders started per second. */
  rate: number;
  durationSeconds: number;
  /** Send every n-th order twice on purpose (0: never). */
  duplicateEvery?: number;
  /** Pay every n-th order with a card the provider declines (0: never). */
  declineEvery?: number;
  /** Keep accepted order ids (k6 JSON output); the fault run needs them, the benchmark not. */
  recordOrders?: boolean;
  /** How long one order may keep retrying, for example while the gateway restarts. */
  retryForSeconds?: number;
  workDir: string;
}

export interface LoadResult {
  offered: number;
  accepted: number;
  refused: number;
  gaveUp: number;
  /** Arrivals k6 could not start (no free virtual user): never sent. */
  dropped: number;
  retried: number;
  idempotencyMismatches: number;
  /** Request latency at the gateway (ms), every attempt included. */
  requestMs: { avg: number; p50: number; p95: number; p99: number; max: number };
  /** Accepted orders: id and Idempotency-Key (only with recordOrders). */
  orders: { orderId: string; key: string }[];
  mismatches: { key: string; orderId: string; status: string }[];
}

export const k6Binary = (): string => path.join(TOOLS, 'bin', 'k6');

interface Summary {
  metrics: Record<string, Record<string, number> | undefined>;
}

async function taggedPoints(
  file: string,
  metrics: string[],
): Promise<{ metric: string; tags: Record<string, string> }[]> {
  const out: { metric: string; tags: Record<string, string> }[] = [];
  const lines = readline.createInterface({ input: createReadStream(file) });
  for await (const line of lines) {
    if (!line.includes('"Point"') || !metrics.some((m) => line.includes(`"metric":"${m}"`))) continue;
    const point = JSON.parse(line) as { metric: string; data: { tags: Record<string, string> } };
    out.push({ metric: point.metric, tags: point.data.tags });
  }
  return out;
}

export async function runLoad(stage: LoadStage, onStart: (pid: number) => void = () => undefined): Promise<LoadResult> {
  if (!existsSync(k6Binary())) throw new Error(`k6 is not installed at ${k6Binary()}: run 'npm run setup'`);
  mkdirSync(stage.workDir, { recursive: true });
  const summaryFile = path.join(stage.workDir, `${stage.runId}-summary.json`);
  const pointsFile = path.join(stage.workDir, `${stage.runId}-points.json`);
  const args = ['run', '--quiet', '--no-color', '--no-usage-report', '--summary-export', summaryFile];
  if (stage.recordOrders) args.push('--out', `json=${pointsFile}`);
  args.push(path.join(__dirname, 'k6', 'place-orders.js'));
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GATEWAY: stage.gateway,
    TOKEN: stage.token,
    RUN_ID: stage.runId,
    RATE: String(stage.rate),
    DURATION: `${stage.durationSeconds}s`,
    DUPLICATE_EVERY: String(stage.duplicateEvery ?? 0),
    DECLINE_EVERY: String(stage.declineEvery ?? 0),
    RETRY_FOR_S: String(stage.retryForSeconds ?? 120),
    GRACEFUL_STOP: `${(stage.retryForSeconds ?? 120) + 35}s`,
    K6_NO_USAGE_REPORT: 'true',
  };
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(k6Binary(), args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    if (child.pid !== undefined) onStart(child.pid);
    child.on('error', reject);
    child.on('exit', (c) => resolve(c ?? 1));
  });
  if (code !== 0 || !existsSync(summaryFile)) {
    throw new Error(`k6 failed (exit ${code}):\n${output.join('').slice(-3000)}`);
  }
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
  const count = (m: string): number => summary.metrics[m]?.count ?? 0;
  const d = summary.metrics.http_req_duration ?? {};
  const points = stage.recordOrders
    ? await taggedPoints(pointsFile, ['orders_accepted', 'idempotency_mismatches'])
    : [];
  return {
    offered: count('iterations') + count('dropped_iterations'),
    accepted: count('orders_accepted'),
    refused: count('orders_refused'),
    gaveUp: count('orders_gave_up'),
    dropped: count('dropped_iterations'),
    retried: count('orders_retried'),
    idempotencyMismatches: count('idempotency_mismatches'),
    requestMs: {
      avg: d.avg ?? 0,
      p50: d['p(50)'] ?? 0,
      p95: d['p(95)'] ?? 0,
      p99: d['p(99)'] ?? 0,
      max: d.max ?? 0,
    },
    orders: points
      .filter((pt) => pt.metric === 'orders_accepted')
      .map((pt) => ({ orderId: pt.tags.order_id as string, key: pt.tags.key as string })),
    mismatches: points
      .filter((pt) => pt.metric === 'idempotency_mismatches')
      .map((pt) => ({
        key: pt.tags.key as string,
        orderId: pt.tags.order_id as string,
        status: pt.tags.status as string,
      })),
  };
}
