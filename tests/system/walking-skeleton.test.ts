/**
 * The walking skeleton on the real stack: real daprd sidecars, a real Kafka broker,
 * PostgreSQL and Redis, all started by the same code as `npm start` (profile `test`,
 * its own ports and data, so it runs beside a dev platform).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { kafkaTool } from '../../scripts/platform/infra/kafka';
import { APPS } from '../../scripts/platform/layout';
import {
  resetPlatform,
  runningProcesses,
  startPlatform,
  stopPlatform,
  type RunningPlatform,
} from '../../scripts/platform/platform';
import { p, poll, query, Stack } from './support/stack';

jest.setTimeout(300_000);

let platform: RunningPlatform;
let stack: Stack;

const queryOne = async <T extends Record<string, unknown>>(url: string, sql: string, params: unknown[]) =>
  (await query<T>(url, sql, params))[0];

function invokeOrder(path: string, init: RequestInit = {}, token?: string): Promise<Response> {
  return stack.invoke('order', path, init, token);
}

beforeAll(async () => {
  // A fresh test platform: stop leftovers of an aborted run, then wipe its data.
  await stopPlatform(p);
  resetPlatform(p);
  platform = await startPlatform(p);
  stack = new Stack(platform);
});

afterAll(async () => {
  await stopPlatform(p);
});

describe('walking skeleton', () => {
  it('runs every app ready beside its own daprd', async () => {
    for (const app of APPS) {
      const ports = p.apps[app];
      const ready = await fetch(`http://127.0.0.1:${ports.app}/readyz`);
      expect({ app, status: ready.status }).toEqual({ app, status: 200 });
      const meta = await fetch(`http://127.0.0.1:${ports.daprHttp}/v1.0/metadata`, {
        headers: { 'dapr-api-token': platform.secrets.tokens[app].daprApiToken },
      });
      const body = (await meta.json()) as { id: string; runtimeVersion: string };
      expect(body.id).toBe(app);
    }
  });

  it('refuses a sidecar call without the API token, and an app call without the app token', async () => {
    const noToken = await fetch(`http://127.0.0.1:${p.apps.order.daprHttp}/v1.0/metadata`);
    expect(noToken.status).toBe(401);
    const direct = await fetch(`http://127.0.0.1:${p.apps.order.app}/orders`, { method: 'POST', body: '{}' });
    expect(direct.status).toBe(401);
  });

  it('refuses to publish outside the topic scopes: inventory may write neither order events nor the dead letters of order', async () => {
    const forged = await stack.publish('inventory', 'order.events', '{}', 'application/json', { partitionKey: 'x' });
    expect(forged.status).toBe(403);
    const own = await stack.publish('inventory', 'inventory.events.order.dlq', '{}', 'application/json', {
      partitionKey: 'x',
    });
    expect(own.status).toBe(403);
  });

  let orderId: string;
  let eventId: string;

  it('carries order.created from the outbox through daprd and Kafka into inventory', async () => {
    const res = await invokeOrder('orders', {
      method: 'POST',
      body: JSON.stringify({
        customerId: 'c-skeleton',
        items: [{ sku: 'SKU-MUG', quantity: 2 }],
        paymentMethod: 'pm_card_ok',
      }),
    });
    expect(res.status).toBe(202);
    const placed = (await res.json()) as { orderId: string; status: string };
    expect(placed.status).toBe('PENDING');
    orderId = placed.orderId;

    // The price came from inventory through service invocation: 2 x 890.
    const order = (await (await invokeOrder(`orders/${orderId}`)).json()) as { total: number };
    expect(order.total).toBe(1780);

    const outbox = await poll('the outbox row to be published', () =>
      queryOne<{ id: string; published_at: Date | null }>(
        platform.infra.databaseUrls.order!,
        'SELECT id, published_at FROM outbox WHERE partition_key = $1 AND published_at IS NOT NULL',
        [orderId],
      ),
    );
    eventId = outbox.id;

    const received = await poll('inventory to record the event', () =>
      queryOne<{ type: string }>(
        platform.infra.databaseUrls.inventory!,
        'SELECT type FROM inbox WHERE consumer = $1 AND event_id = $2',
        ['inventory', eventId],
      ),
    );
    expect(received.type).toBe('shop.order.created.v1');
  });

  it("writes the log lines of an event's handling with that event's trace id", async () => {
    const { traceparent } = (await queryOne<{ traceparent: string }>(
      platform.infra.databaseUrls.order!,
      "SELECT event->>'traceparent' AS traceparent FROM outbox WHERE id = $1",
      [eventId],
    ))!;
    const traceId = traceparent.split('-')[1];
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const line = await poll('inventory to log the event it applied', async () =>
      readFileSync(path.join(p.logs, 'inventory.log'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { msg?: string; orderId?: string; trace_id?: string; span_id?: string })
        .find((l) => l.msg === 'order event applied' && l.orderId === orderId),
    );
    expect(line.trace_id).toBe(traceId);
    expect(line.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('shows the event on the Kafka topic as a CloudEvent keyed by the order id (read with Kafka’s own consumer)', () => {
    const out = kafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
      '--bootstrap-server',
      platform.infra.kafkaBrokers,
      '--topic',
      'order.events',
      '--from-beginning',
      '--property',
      'print.key=true',
      '--property',
      'key.separator=\t',
      '--timeout-ms',
      '15000',
      '--max-messages',
      '1',
    ]);
    const [key, value] = out.trim().split('\n')[0]!.split('\t');
    expect(key).toBe(orderId);
    const event = JSON.parse(value!) as Record<string, unknown>;
    expect(event).toMatchObject({
      specversion: '1.0',
      id: eventId,
      type: 'shop.order.created.v1',
      source: 'order',
      subject: orderId,
      data: expect.objectContaining({ orderId, total: 1780, currency: 'EUR' }),
    });
  });

  it('stops every process it started', async () => {
    await stopPlatform(p);
    expect(runningProcesses(p)).toEqual([]);
  });
});
