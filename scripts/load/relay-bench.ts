/**
 * Outbox-relay throughput through daprd into Kafka: a backlog of outbox rows in a scratch
 * database is drained by the platform's own OutboxRelay (packages/platform) through a real
 * daprd and its Kafka component, once with bulk publish and once with one call per event.
 * Kafka's end offsets confirm that every event arrived.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import YAML from 'yaml';
import { buildCloudEvent, DaprClient, OutboxRelay } from '@shop/platform';
import { startDaprd } from '../platform/apps';
import { messagesOn } from './kafka-topics';
import { ROOT, replicaPorts } from '../platform/layout';
import type { RunningPlatform } from '../platform/platform';
import { httpOk, sleep, stopDetached, waitFor } from '../platform/processes';

const APP_ID = 'relay-bench';
const DATABASE = 'relay_bench';

export interface RelayResult {
  mode: 'bulk' | 'single';
  events: number;
  seconds: number;
  eventsPerSecond: number;
  /** Messages Kafka holds on the topic afterwards (must equal `events`). */
  inKafka: number;
}

/** The platform's pubsub component, scoped to the benchmark's sidecar and its topics only. */
function benchResources(running: RunningPlatform, topics: string[]): string {
  const dir = path.join(running.profile.run, 'relay-bench-resources');
  mkdirSync(dir, { recursive: true });
  const pubsub = YAML.parse(readFileSync(path.join(ROOT, 'components', 'resources', 'pubsub.yaml'), 'utf8')) as {
    spec: { metadata: { name: string; value?: string }[] };
    scopes: string[];
  };
  pubsub.spec.metadata = pubsub.spec.metadata.filter((m) => m.name !== 'subscriptionScopes');
  const scopes = pubsub.spec.metadata.find((m) => m.name === 'publishingScopes');
  if (!scopes) throw new Error('components/resources/pubsub.yaml has no publishingScopes');
  scopes.value = `${APP_ID}=${topics.join(',')}`;
  pubsub.scopes = [APP_ID];
  writeFileSync(path.join(dir, 'pubsub.yaml'), YAML.stringify(pubsub));
  writeFileSync(
    path.join(dir, 'secretstore.yaml'),
    readFileSync(path.join(ROOT, 'components', 'resources', 'secretstore.yaml'), 'utf8'),
  );
  return dir;
}

function outboxMigration(): string {
  const file = path.join(ROOT, 'packages', 'platform', 'migrations', '1000000000000_platform-outbox-inbox.sql');
  return readFileSync(file, 'utf8').split('-- Down Migration')[0] as string;
}

async function scratchDatabase(running: RunningPlatform): Promise<string> {
  const adminUrl = `postgres://postgres:${encodeURIComponent(running.secrets.postgresPassword)}@127.0.0.1:${running.profile.postgresPort}/postgres`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/postgres$/, `/${DATABASE}`);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(outboxMigration());
  } finally {
    await db.end();
  }
  return url;
}

/** A representative event: an order.created CloudEvent of a two-line order. */
function templateEvent(): string {
  return JSON.stringify(
    buildCloudEvent({
      id: 'template',
      source: 'order',
      type: 'shop.order.created.v1',
      subject: '00000000-0000-4000-8000-000000000000',
      data: {
        orderId: '00000000-0000-4000-8000-000000000000',
        customerId: 'c-bench',
        items: [
          { sku: 'SKU-COFFEE', quantity: 2, unitPrice: 1990 },
          { sku: 'SKU-FILTER', quantity: 1, unitPrice: 450 },
        ],
        total: 4430,
        currency: 'EUR',
        paymentMethod: 'pm_card_ok',
        deadline: new Date().toISOString(),
      },
    }),
  );
}

export async function benchRelay(
  running: RunningPlatform,
  events: number,
  log: (line: string) => void,
): Promise<RelayResult[]> {
  const stamp = Date.now().toString(36);
  const topics = { bulk: `bench.relay.bulk.${stamp}`, single: `bench.relay.single.${stamp}` };
  const ports = replicaPorts(running.profile, 9);
  const tokens = { daprApiToken: randomBytes(24).toString('hex'), appApiToken: randomBytes(24).toString('hex') };
  const name = `${APP_ID}-daprd`;
  startDaprd(running.profile, {
    name,
    appId: APP_ID,
    ports,
    resourcesPath: benchResources(running, Object.values(topics)),
    tokens,
    infra: running.infra,
    withApp: false,
  });
  const url = await scratchDatabase(running);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const dapr = new DaprClient({ host: '127.0.0.1', httpPort: ports.daprHttp, apiToken: tokens.daprApiToken });
  const logger = pino({ level: 'warn' });
  const results: RelayResult[] = [];
  try {
    await waitFor(`the ${APP_ID} daprd`, () => httpOk(`http://127.0.0.1:${ports.daprHttp}/v1.0/healthz`), 60_000);
    for (const mode of ['bulk', 'single'] as const) {
      const topic = topics[mode];
      // The first publish creates the topic; not part of the measurement.
      await dapr.publish('pubsub', topic, JSON.parse(templateEvent()), {
        contentType: 'application/cloudevents+json',
        metadata: { partitionKey: 'warm-up' },
      });
      await pool.query('TRUNCATE outbox');
      await pool.query(
        `INSERT INTO outbox (id, topic, partition_key, event)
         SELECT u, $1, u::text, jsonb_set($2::jsonb, '{id}', to_jsonb(u::text))
         FROM (SELECT gen_random_uuid() AS u FROM generate_series(1, $3)) s`,
        [topic, templateEvent(), events],
      );
      const relay = new OutboxRelay({ databaseUrl: url, dapr, pubsubName: 'pubsub', logger, publishMode: mode });
      const t0 = process.hrtime.bigint();
      await relay.start();
      while (relay.published < events) await sleep(5);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      await relay.stop();
      const inKafka = messagesOn(running.infra.kafkaBrokers, topic) - 1;
      const result = { mode, events, seconds, eventsPerSecond: events / seconds, inKafka };
      log(`relay ${mode}: ${events} events in ${seconds.toFixed(2)}s = ${result.eventsPerSecond.toFixed(0)}/s`);
      results.push(result);
    }
  } finally {
    await pool.end();
    await stopDetached(running.profile, name);
  }
  return results;
}
