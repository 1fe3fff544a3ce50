/**
 * Observability on the real stack.
 * - One order, one trace: an order placed through the gateway is followed in Tempo (fetched
 *   by the trace id its timeline shows) across every app and every daprd sidecar, through the
 *   outbox, Kafka and back, with no span whose parent is missing.
 * - Metrics: after orders (confirmed and declined), a redelivered event and a poison message,
 *   Prometheus holds the saga metrics, consumer lag, breaker state and the service graph, and
 *   every query of every Grafana dashboard returns data.
 */
import { randomUUID } from 'node:crypto';
import { signDevToken } from '../../scripts/platform/dev-keys';
import { dashboardQueries, resolveVariables } from '../../scripts/grafana/queries';
import { resetPlatform, startPlatform, stopPlatform, type RunningPlatform } from '../../scripts/platform/platform';
import { p, poll, query, Stack } from './support/stack';

jest.setTimeout(300_000);

const gateway = `http://127.0.0.1:${p.apps.gateway.app}/api/v1`;

interface OtlpValue {
  stringValue?: string;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
}
interface OtlpTrace {
  batches: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    instrumentationLibrarySpans: { instrumentationLibrary?: { name?: string }; spans: OtlpSpan[] }[];
  }[];
}
interface FoundSpan extends OtlpSpan {
  service: string;
  scope: string;
}

/** Tempo 1.x answers OTLP JSON with ids in base64; compare them in hex. */
const hex = (id: string | undefined): string => (id ? Buffer.from(id, 'base64').toString('hex') : '');

function spansOf(trace: OtlpTrace): FoundSpan[] {
  return trace.batches.flatMap((b) => {
    const service = b.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
    return b.instrumentationLibrarySpans.flatMap((lib) =>
      lib.spans.map((s) => ({
        ...s,
        traceId: hex(s.traceId),
        spanId: hex(s.spanId),
        parentSpanId: hex(s.parentSpanId),
        service,
        scope: lib.instrumentationLibrary?.name ?? '?',
      })),
    );
  });
}

let platform: RunningPlatform;
let stack: Stack;

beforeAll(async () => {
  await stopPlatform(p);
  resetPlatform(p);
  platform = await startPlatform(p);
  stack = new Stack(platform);
});

afterAll(async () => {
  await stopPlatform(p);
});

describe('one trace per order', () => {
  it('shows a confirmed order as one trace in Tempo: every app and sidecar, the Kafka hops, no orphan', async () => {
    const token = await signDevToken({ sub: 'c-trace', role: 'customer' });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const placed = await fetch(`${gateway}/orders`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        customerId: 'c-trace',
        items: [{ sku: 'SKU-MUG', quantity: 1 }],
        paymentMethod: 'pm_card_ok',
      }),
    });
    expect(placed.status).toBe(202);
    const { orderId } = (await placed.json()) as { orderId: string };

    // The notification is the saga's last step.
    await poll('the confirmation notification', async () => {
      const res = await fetch(`${gateway}/notifications?orderId=${orderId}`, { headers });
      const body = (await res.json()) as { items: unknown[] };
      return body.items.length > 0 ? true : undefined;
    });
    const timeline = (await (await fetch(`${gateway}/orders/${orderId}/timeline`, { headers })).json()) as {
      events: { type: string; traceId: string }[];
    };
    const traceIds = new Set(timeline.events.map((e) => e.traceId));
    expect(traceIds.size).toBe(1);
    const [traceId] = [...traceIds] as [string];

    const wanted = ['gateway', 'order', 'inventory', 'payment', 'notification'];
    // Sidecars and apps export in batches, seconds apart: wait until every parent has arrived
    // (or time out and report what is missing).
    let latest: FoundSpan[] = [];
    const orphansIn = (found: FoundSpan[]): FoundSpan[] => {
      const ids = new Set(found.map((s) => s.spanId));
      return found.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId));
    };
    await poll(
      'Tempo to hold the whole trace',
      async () => {
        const res = await fetch(`http://127.0.0.1:${p.tempo.http}/api/traces/${traceId}`, {
          headers: { accept: 'application/json' },
        });
        if (res.status !== 200) return undefined;
        const found = spansOf((await res.json()) as OtlpTrace);
        latest = found;
        const complete = wanted.every(
          (svc) =>
            found.some((s) => s.service === svc && s.scope === 'dapr-diagnostics') &&
            found.some((s) => s.service === svc && s.scope !== 'dapr-diagnostics'),
        );
        const consumed = found.filter((s) => s.name.startsWith('process ')).length;
        return complete && consumed >= 7 && orphansIn(found).length === 0 ? true : undefined;
      },
      60_000,
    ).catch(() => undefined);
    const spans = latest;

    // All one trace, rooted at the gateway's request, with every parent present.
    expect(new Set(spans.map((s) => s.traceId))).toEqual(new Set([traceId]));
    const roots = spans.filter((s) => !s.parentSpanId);
    expect(roots.map((r) => `${r.service} ${r.name}`)).toEqual(['gateway POST /api/v1/orders']);
    expect(orphansIn(spans).map((s) => `${s.service} ${s.scope} ${s.name}`)).toEqual([]);
    for (const svc of wanted) {
      expect({ svc, sidecar: spans.some((s) => s.service === svc && s.scope === 'dapr-diagnostics') }).toEqual({
        svc,
        sidecar: true,
      });
    }

    // The Kafka hops: each event sent by its producer's outbox relay and processed by its
    // consumers, with the sidecars' pub/sub spans in between.
    const names = (svc: string, kind: string) =>
      spans.filter((s) => s.service === svc && s.kind === kind).map((s) => s.name);
    expect(names('order', 'SPAN_KIND_PRODUCER')).toEqual(expect.arrayContaining(['send order.events']));
    expect(names('inventory', 'SPAN_KIND_PRODUCER')).toEqual(['send inventory.events']);
    expect(names('payment', 'SPAN_KIND_PRODUCER')).toEqual(['send payment.events']);
    expect(names('inventory', 'SPAN_KIND_CONSUMER')).toEqual(expect.arrayContaining(['process order.events']));
    expect(names('payment', 'SPAN_KIND_CONSUMER')).toEqual(expect.arrayContaining(['process inventory.events']));
    expect(names('order', 'SPAN_KIND_CONSUMER')).toEqual(
      expect.arrayContaining(['process inventory.events', 'process payment.events']),
    );
    expect(names('notification', 'SPAN_KIND_CONSUMER')).toEqual(expect.arrayContaining(['process order.events']));
    for (const svc of ['inventory', 'payment', 'notification', 'order']) {
      expect(
        spans.some((s) => s.service === svc && s.scope === 'dapr-diagnostics' && s.name.startsWith('pubsub/')),
      ).toBe(true);
    }
  });

  it("exposes the saga's metrics on the apps' /metrics after the order ran", async () => {
    const scrape = async (app: 'order' | 'inventory' | 'notification'): Promise<string> =>
      (await fetch(`http://127.0.0.1:${p.apps[app].app}/metrics`)).text();
    const value = (text: string, series: RegExp): number => {
      const line = text.split('\n').find((l) => series.test(l));
      return line ? Number(line.split(' ').pop()) : Number.NaN;
    };
    const order = await scrape('order');
    expect(value(order, /^shop_orders\{status="CONFIRMED",reason=""\} /)).toBeGreaterThanOrEqual(1);
    expect(value(order, /^shop_saga_duration_seconds_count\{outcome="confirmed"\} /)).toBeGreaterThanOrEqual(1);
    expect(value(order, /^shop_outbox_backlog /)).toBeGreaterThanOrEqual(0);
    expect(value(order, /^shop_outbox_publish_lag_seconds /)).toBeGreaterThanOrEqual(0);
    expect(
      value(order, /^http_server_request_duration_seconds_count\{method="POST",route="\/orders",status_code="202"\} /),
    ).toBeGreaterThanOrEqual(1);
    const inventory = await scrape('inventory');
    expect(
      value(
        inventory,
        /^shop_events_handled_total\{topic="order.events",type="shop.order.created.v1",status="SUCCESS"\} /,
      ),
    ).toBeGreaterThanOrEqual(1);
    const notification = await scrape('notification');
    expect(
      value(
        notification,
        /^shop_events_handled_total\{topic="order.events",type="shop.order.confirmed.v1",status="SUCCESS"\} /,
      ),
    ).toBeGreaterThanOrEqual(1);
  });
});

interface PromSeries {
  metric: Record<string, string>;
  value: [number, string];
}

async function promQuery(expr: string): Promise<PromSeries[]> {
  const res = await fetch(`http://127.0.0.1:${p.prometheus}/api/v1/query?${new URLSearchParams({ query: expr })}`);
  const body = (await res.json()) as { status: string; error?: string; data?: { result: PromSeries[] } };
  if (res.status !== 200 || body.status !== 'success') throw new Error(`${expr}: ${res.status} ${body.error}`);
  return body.data?.result ?? [];
}

describe('metrics in Prometheus', () => {
  it('has saga metrics, consumer lag, breaker state and the service graph, and every dashboard query returns data', async () => {
    // More of the saga to see: a declined order, a redelivered event and a poison message.
    const token = await signDevToken({ sub: 'c-metrics', role: 'customer' });
    const declined = await fetch(`${gateway}/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: JSON.stringify({
        customerId: 'c-metrics',
        items: [{ sku: 'SKU-MUG', quantity: 1 }],
        paymentMethod: 'pm_card_declined',
      }),
    });
    expect(declined.status).toBe(202);
    const [created] = await query<{ event: Record<string, unknown>; partition_key: string }>(
      stack.db('order'),
      "SELECT event, partition_key FROM outbox WHERE event->>'type' = 'shop.order.created.v1' ORDER BY seq LIMIT 1",
    );
    if (!created) throw new Error('no order.created event in the outbox');
    const replay = await stack.publish(
      'order',
      'order.events',
      JSON.stringify(created.event),
      'application/cloudevents+json',
      {
        partitionKey: created.partition_key,
      },
    );
    expect(replay.status).toBe(204);
    const poison = await stack.publish(
      'order',
      'order.events',
      JSON.stringify({
        specversion: '1.0',
        id: `poison-${randomUUID()}`,
        source: 'system-test',
        type: 'shop.order.created.v1',
        data: { orderId: 'not-a-uuid' },
      }),
      'application/cloudevents+json',
      { partitionKey: 'poison' },
    );
    expect(poison.status).toBe(204);

    const sum = async (expr: string): Promise<number> =>
      (await promQuery(expr)).reduce((n, s) => n + Number(s.value[1]), 0);
    // Each needs a scrape after the fact (every 5s); dead letters wait for the retries first.
    await poll(
      'Prometheus to see both outcomes, the duplicate and the dead letter',
      async () => {
        const [cancelled, confirmed, duplicates, dead] = await Promise.all([
          sum('shop_orders{status="CANCELLED",reason="payment-declined"}'),
          sum('shop_saga_duration_seconds_count{outcome="confirmed"}'),
          sum('shop_inbox_duplicates_skipped_total'),
          sum('shop_dead_letters{status="DEAD"}'),
        ]);
        return cancelled >= 1 && confirmed >= 1 && duplicates >= 1 && dead >= 1 ? true : undefined;
      },
      90_000,
    );

    // Consumer lag for every consumer group of the saga. A group has lag series once it has
    // committed an offset (Kafka lists no others), which can be a scrape after the saga's outcome.
    let lagGroups = new Set<string | undefined>();
    const sagaGroups = new Set(['inventory', 'payment', 'order', 'notification']);
    await poll(
      'consumer lag of every group',
      async () => {
        lagGroups = new Set((await promQuery('kafka_consumergroup_lag')).map((s) => s.metric.consumergroup));
        return [...sagaGroups].every((g) => lagGroups.has(g)) ? true : undefined;
      },
      30_000,
    ).catch(() => undefined);
    expect(lagGroups).toEqual(sagaGroups);
    // The outbox gauges of exactly the apps with an outbox.
    const backlog = (await promQuery('shop_outbox_backlog')).map((s) => s.metric.app_id);
    expect(backlog.sort()).toEqual(['inventory', 'order', 'payment']);
    // Breaker state, from each calling sidecar's own metrics: the gateway's breaker for order is closed.
    const breaker = await promQuery(
      'dapr_resiliency_cb_state{app_id="gateway",target="app_order",policy="circuitbreaker",status="closed"}',
    );
    expect(breaker.map((s) => s.value[1])).toEqual(['1']);
    // The service graph that Grafana's service map draws, from Tempo's metrics generator.
    await poll('the service graph', async () => {
      const edges = await promQuery('sum by (client, server) (traces_service_graph_request_total)');
      const has = (client: string, server: string): boolean =>
        edges.some((e) => e.metric.client === client && e.metric.server === server);
      return has('gateway', 'order') && has('order', 'inventory') ? true : undefined;
    });

    // Every query of every dashboard, as Grafana would send it with all values selected.
    let empty: string[] = [];
    await poll(
      'every dashboard query to return data',
      async () => {
        const results = await Promise.all(
          dashboardQueries().map(async (q) => ({ q, n: (await promQuery(resolveVariables(q.expr))).length })),
        );
        empty = results.filter((r) => r.n === 0).map((r) => `${r.q.dashboard} / ${r.q.panel}: ${r.q.expr}`);
        return empty.length === 0 ? true : undefined;
      },
      60_000,
    ).catch(() => undefined);
    expect(empty).toEqual([]);
  });
});
