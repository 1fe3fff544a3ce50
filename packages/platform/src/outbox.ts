import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import { buildCloudEvent, type CloudEvent } from './cloudevent';
import type { BulkEntry, BulkPublishResult, DaprClient } from './dapr-client';
import { createPool } from './db';
import { metricsRegistry } from './metrics';
import { startProducerSpans } from './producer-spans';

export interface OutboxMessage<T> {
  topic: string;
  type: string;
  /** The aggregate id: the Kafka key, so one order's events stay in one partition, in order. */
  key: string;
  source: string;
  data: T;
  traceparent?: string;
  tracestate?: string;
}

/** Writes an event to the outbox inside the caller's business transaction. Returns the CloudEvent. */
export async function enqueueOutbox<T>(client: pg.ClientBase, msg: OutboxMessage<T>): Promise<CloudEvent<T>> {
  const id = randomUUID();
  const event = buildCloudEvent({
    id,
    source: msg.source,
    type: msg.type,
    subject: msg.key,
    data: msg.data,
    ...(msg.traceparent ? { traceparent: msg.traceparent } : {}),
    ...(msg.tracestate ? { tracestate: msg.tracestate } : {}),
  });
  await client.query('INSERT INTO outbox (id, topic, partition_key, event) VALUES ($1, $2, $3, $4)', [
    id,
    msg.topic,
    msg.key,
    JSON.stringify(event),
  ]);
  return event;
}

/**
 * Keeps the first row (in `seq` order) of each topic and key. Bulk publish may accept some
 * entries and fail others; if two events of one order were in the same request, the later
 * could be accepted while the earlier is retried after it, and the order would see them
 * reversed (I5). With one event per key per request, a failed event holds back the ones
 * behind it, and events of different orders still travel in one batch.
 */
export function firstPerKey<R extends { topic: string; partition_key: string }>(rows: readonly R[]): R[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = `${r.topic}\u0000${r.partition_key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const relays = new Set<OutboxRelay>();

async function totalBacklog(): Promise<{ rows: number; oldestAgeSeconds: number }> {
  const all = await Promise.all([...relays].map((r) => r.backlog().catch(() => ({ rows: 0, oldestAgeSeconds: 0 }))));
  return {
    rows: all.reduce((n, b) => n + b.rows, 0),
    oldestAgeSeconds: Math.max(0, ...all.map((b) => b.oldestAgeSeconds)),
  };
}

// Read from the database at scrape time, so they are right whatever the relay is doing. The
// registry collects metrics concurrently, so both gauges share one read per scrape.
let backlogRead: { at: number; value: Promise<{ rows: number; oldestAgeSeconds: number }> } | undefined;
function backlogThisScrape(): Promise<{ rows: number; oldestAgeSeconds: number }> {
  if (!backlogRead || Date.now() - backlogRead.at > 1_000) backlogRead = { at: Date.now(), value: totalBacklog() };
  return backlogRead.value;
}
// Registered with the first relay: an app without an outbox (gateway, psp) has no such series.
const OUTBOX_GAUGES = ['shop_outbox_publish_lag_seconds', 'shop_outbox_backlog'] as const;
const outboxGauges = [
  new Gauge({
    name: OUTBOX_GAUGES[0],
    help: 'Age of the oldest outbox row not yet published (0 when none waits)',
    registers: [],
    async collect() {
      this.set((await backlogThisScrape()).oldestAgeSeconds);
    },
  }),
  new Gauge({
    name: OUTBOX_GAUGES[1],
    help: 'Outbox rows written and not yet accepted by the sidecar',
    registers: [],
    async collect() {
      this.set((await backlogThisScrape()).rows);
    },
  }),
];
function registerOutboxGauges(): void {
  outboxGauges.forEach((g, i) => {
    if (!metricsRegistry.getSingleMetric(OUTBOX_GAUGES[i]!)) metricsRegistry.registerMetric(g);
  });
}

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  partition_key: string;
  event: unknown;
}

export interface OutboxRelayOptions {
  databaseUrl: string;
  dapr: DaprClient;
  pubsubName: string;
  logger: Logger;
  batchSize?: number;
  /** A slow safety sweep in case a notification is lost (for example across a reconnect). */
  sweepIntervalMs?: number;
  /** How long published rows stay in the table (default one hour). */
  retainPublishedMs?: number;
  /** Distinguishes this database's relay lock from any other use of advisory locks. */
  lockKey?: number;
  /**
   * `bulk` (the default): one bulk-publish call per topic and batch. `single`: one publish call
   * per event, `singleConcurrency` at a time; for a pub/sub component without bulk support,
   * and for the benchmark that compares the two.
   */
  publishMode?: 'bulk' | 'single';
  singleConcurrency?: number;
}

/**
 * Publishes outbox rows through the Dapr sidecar with bulk publish.
 *
 * - It wakes on LISTEN/NOTIFY (sent on commit), not by polling.
 * - One relay per database is active at a time (a session advisory lock), so rows for one
 *   key are published in `seq` order even when the service runs several replicas.
 * - Rows are marked published only after the sidecar acknowledged them. A crash between
 *   publish and mark re-publishes the same CloudEvent ids: at least once, deduplicated by
 *   consumers' inboxes.
 */
export class OutboxRelay {
  private listener?: pg.Client;
  private pool?: pg.Pool;
  private running = false;
  private draining?: Promise<void>;
  private again = false;
  private sweep?: NodeJS.Timeout;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private leader = false;
  private lastPurge = 0;
  published = 0;

  constructor(private readonly opts: OutboxRelayOptions) {
    relays.add(this);
    registerOutboxGauges();
  }

  /** What waits to be published: how many rows, and how long the oldest has waited. */
  async backlog(): Promise<{ rows: number; oldestAgeSeconds: number }> {
    if (!this.pool) return { rows: 0, oldestAgeSeconds: 0 };
    const { rows } = await this.pool.query<{ n: string; age: string | null }>(
      `SELECT count(*) AS n, extract(epoch FROM now() - min(created_at)) AS age
       FROM outbox WHERE published_at IS NULL`,
    );
    return { rows: Number(rows[0]?.n ?? 0), oldestAgeSeconds: Number(rows[0]?.age ?? 0) };
  }

  async start(): Promise<void> {
    this.running = true;
    this.pool = createPool(this.opts.databaseUrl, 2);
    await this.connectListener();
    this.sweep = setInterval(() => this.kick(), this.opts.sweepIntervalMs ?? 5_000);
    this.kick();
  }

  private async connectListener(): Promise<void> {
    if (!this.running) return;
    const client = new pg.Client({ connectionString: this.opts.databaseUrl });
    client.on('error', (err) => {
      this.opts.logger.warn({ err: err.message }, 'outbox listener lost its connection; reconnecting');
      this.leader = false;
      this.listener = undefined;
      setTimeout(() => void this.connectListener().catch(() => undefined), 1_000).unref();
    });
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.listener = client;
    } catch (err) {
      this.opts.logger.warn({ err: (err as Error).message }, 'outbox listener cannot connect; retrying');
      await client.end().catch(() => undefined);
      setTimeout(() => void this.connectListener().catch(() => undefined), 1_000).unref();
    }
  }

  /** Leadership is held by the listener's session; it is lost with that connection. */
  private async ensureLeader(): Promise<boolean> {
    if (this.leader) return true;
    if (!this.listener) return false;
    const res = await this.listener.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
      this.opts.lockKey ?? 7_428_001,
    ]);
    this.leader = res.rows[0]?.ok === true;
    return this.leader;
  }

  /** Asks for a drain; coalesces requests that arrive while one is running. */
  kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((err: unknown) => {
        this.failures += 1;
        const delay = Math.min(30_000, 200 * 2 ** Math.min(this.failures, 8));
        this.opts.logger.warn({ err: (err as Error).message, retryInMs: delay }, 'outbox publish failed');
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.kick(), delay);
      })
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    if (!(await this.ensureLeader())) return;
    await this.purgePublished();
    for (;;) {
      if (!this.running) return;
      const { fetched, deferred } = await this.publishBatch();
      this.failures = 0;
      if (deferred === 0 && fetched < (this.opts.batchSize ?? 500)) return;
    }
  }

  /** Published rows are kept a while for inspection, then deleted so the table stays small. */
  private async purgePublished(): Promise<void> {
    if (!this.pool || Date.now() - this.lastPurge < 60_000) return;
    this.lastPurge = Date.now();
    await this.pool.query(
      'DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < now() - make_interval(secs => $1)',
      [(this.opts.retainPublishedMs ?? 3_600_000) / 1000],
    );
  }

  /**
   * One batch: read in order, bulk-publish per topic, mark what the sidecar accepted. A batch
   * holds at most one row per topic and key (see `firstPerKey`); the rest wait for the next.
   */
  private async publishBatch(): Promise<{ fetched: number; deferred: number }> {
    const pool = this.pool;
    if (!pool) return { fetched: 0, deferred: 0 };
    const { rows } = await pool.query<OutboxRow>(
      'SELECT seq, id, topic, partition_key, event FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1',
      [this.opts.batchSize ?? 500],
    );
    if (rows.length === 0) return { fetched: 0, deferred: 0 };
    const batchRows = firstPerKey(rows);
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of batchRows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);

    const done: string[] = [];
    let firstError: string | undefined;
    for (const [topic, batch] of byTopic) {
      const spans = startProducerSpans(
        topic,
        batch.map((r) => ({ id: r.id, key: r.partition_key, event: r.event })),
      );
      let result: BulkPublishResult;
      const entries = batch.map((r, i) => ({
        entryId: r.id,
        event: spans.events[i],
        contentType: 'application/cloudevents+json',
        metadata: { partitionKey: r.partition_key },
      }));
      try {
        result =
          this.opts.publishMode === 'single'
            ? await this.publishOneByOne(topic, entries)
            : await this.opts.dapr.bulkPublish(this.opts.pubsubName, topic, entries);
      } catch (err) {
        spans.finish('all', (err as Error).message);
        throw err;
      }
      const failed = new Set(result.failedEntries.map((f) => f.entryId));
      spans.finish(failed, result.failedEntries[0]?.error);
      firstError ??= result.failedEntries[0]?.error;
      for (const r of batch) if (!failed.has(r.id)) done.push(r.id);
    }
    if (done.length > 0) {
      await pool.query('UPDATE outbox SET published_at = now() WHERE id = ANY($1::uuid[])', [done]);
      this.published += done.length;
    }
    if (firstError) throw new Error(`${batchRows.length - done.length} outbox entries not accepted: ${firstError}`);
    return { fetched: rows.length, deferred: rows.length - batchRows.length };
  }

  /** Publishes entries with one call each, a few at a time; reports failures as bulk publish does. */
  private async publishOneByOne(topic: string, entries: BulkEntry[]): Promise<BulkPublishResult> {
    const failedEntries: BulkPublishResult['failedEntries'] = [];
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < entries.length) {
        const e = entries[next++] as BulkEntry;
        await this.opts.dapr
          .publish(this.opts.pubsubName, topic, e.event, { contentType: e.contentType, metadata: e.metadata ?? {} })
          .catch((err: unknown) => failedEntries.push({ entryId: e.entryId, error: (err as Error).message }));
      }
    };
    await Promise.all(Array.from({ length: this.opts.singleConcurrency ?? 16 }, worker));
    return { failedEntries };
  }

  async stop(): Promise<void> {
    relays.delete(this);
    this.running = false;
    clearInterval(this.sweep);
    clearTimeout(this.retryTimer);
    await this.draining;
    await this.listener?.end().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
  }
}
