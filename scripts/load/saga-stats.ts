/**
 * What a load stage achieved, read from the services' own data: each order's time from
 * accepted (its row written) to terminal (CONFIRMED or CANCELLED), and each hop's time from an
 * event's outbox row to the consumer's inbox row. Consumer-group lag in messages comes from
 * Prometheus (the lag exporter), as an operator would see it.
 */
import pg from 'pg';
import type { RunningPlatform } from '../platform/platform';

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of numbers. */
export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number);
  return { n: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0 };
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export interface StageOrders {
  ids: string[];
  total: number;
  terminal: number;
  confirmed: number;
  cancelled: number;
  /** Accepted to terminal, ms, over the terminal orders. */
  endToEndMs: Percentiles;
  /** Terminal orders per second, from the first acceptance to the last terminal state. */
  completedPerSecond: number;
}

/** The orders of one stage: their customer ids start with the stage's run id. */
export async function stageOrders(running: RunningPlatform, runId: string): Promise<StageOrders> {
  const list = await rows<{ id: string; status: string; created: number; updated: number }>(
    running.infra.databaseUrls.order as string,
    `SELECT id, status, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM updated_at) * 1000 AS updated
     FROM orders WHERE customer_id LIKE $1`,
    [`${runId}-%`],
  );
  const done = list.filter((o) => o.status !== 'PENDING');
  const first = Math.min(...list.map((o) => Number(o.created)));
  const last = Math.max(...done.map((o) => Number(o.updated)));
  return {
    ids: list.map((o) => o.id),
    total: list.length,
    terminal: done.length,
    confirmed: done.filter((o) => o.status === 'CONFIRMED').length,
    cancelled: done.filter((o) => o.status === 'CANCELLED').length,
    endToEndMs: percentiles(done.map((o) => Number(o.updated) - Number(o.created))),
    completedPerSecond: done.length > 0 && last > first ? (done.length * 1000) / (last - first) : 0,
  };
}

/** Waits until every order of the stage is terminal, or the time is up. */
export async function drained(running: RunningPlatform, runId: string, timeoutMs: number): Promise<StageOrders> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await stageOrders(running, runId);
    if (s.terminal === s.total || Date.now() > deadline) return s;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

export interface Hop {
  /** Event type and the service that consumed it. */
  hop: string;
  /** Outbox row written to accepted by the sidecar (the relay's share). */
  relayMs: Percentiles;
  /** Accepted by the sidecar to recorded in the consumer's inbox (Kafka and daprd delivery). */
  deliveryMs: Percentiles;
  totalMs: Percentiles;
}

const PRODUCERS = ['order', 'inventory', 'payment'] as const;
const CONSUMERS = ['order', 'inventory', 'payment'] as const;

/** Per hop (event type → consumer), for the given orders' events. */
export async function hopLatencies(running: RunningPlatform, orderIds: string[]): Promise<Hop[]> {
  const urls = running.infra.databaseUrls;
  const events = new Map<string, { type: string; created: number; published: number }>();
  for (const producer of PRODUCERS) {
    const list = await rows<{ id: string; type: string; created: number; published: number | null }>(
      urls[producer] as string,
      `SELECT id, event->>'type' AS type, extract(epoch FROM created_at) * 1000 AS created,
         extract(epoch FROM published_at) * 1000 AS published
       FROM outbox WHERE partition_key = ANY($1::text[])`,
      [orderIds],
    );
    for (const e of list) {
      if (e.published !== null)
        events.set(e.id, { type: e.type, created: Number(e.created), published: Number(e.published) });
    }
  }
  const samples = new Map<string, { relay: number[]; delivery: number[]; total: number[] }>();
  for (const consumer of CONSUMERS) {
    const list = await rows<{ event_id: string; received: number }>(
      urls[consumer] as string,
      `SELECT event_id, extract(epoch FROM received_at) * 1000 AS received FROM inbox WHERE event_id = ANY($1::text[])`,
      [[...events.keys()]],
    );
    for (const r of list) {
      const e = events.get(r.event_id);
      if (!e) continue;
      const key = `${e.type} → ${consumer}`;
      const s = samples.get(key) ?? { relay: [], delivery: [], total: [] };
      s.relay.push(e.published - e.created);
      s.delivery.push(Number(r.received) - e.published);
      s.total.push(Number(r.received) - e.created);
      samples.set(key, s);
    }
  }
  return [...samples.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([hop, s]) => ({
      hop,
      relayMs: percentiles(s.relay),
      deliveryMs: percentiles(s.delivery),
      totalMs: percentiles(s.total),
    }));
}

export interface GroupLag {
  group: string;
  topic: string;
  maxMessages: number;
}

/** The highest consumer-group lag Prometheus saw over the last `seconds`, per group and topic. */
export async function maxConsumerLag(running: RunningPlatform, seconds: number): Promise<GroupLag[]> {
  const q = `max by (consumergroup, topic) (max_over_time(kafka_consumergroup_lag_sum[${Math.max(10, Math.ceil(seconds))}s]))`;
  const res = await fetch(
    `http://127.0.0.1:${running.profile.prometheus}/api/v1/query?query=${encodeURIComponent(q)}`,
    { signal: AbortSignal.timeout(10_000) },
  );
  if (!res.ok) throw new Error(`Prometheus query failed: HTTP ${res.status}`);
  const body = (await res.json()) as {
    data: { result: { metric: { consumergroup: string; topic: string }; value: [number, string] }[] };
  };
  return body.data.result
    .map((r) => ({ group: r.metric.consumergroup, topic: r.metric.topic, maxMessages: Number(r.value[1]) }))
    .filter((g) => !g.topic.endsWith('.dlq'))
    .sort((a, b) => `${a.group}${a.topic}`.localeCompare(`${b.group}${b.topic}`));
}
