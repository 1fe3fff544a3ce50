/**
 * One order, one trace: an order placed through the gateway is followed in Tempo (fetched by
 * the trace id its timeline shows) across every app and every daprd sidecar, through the
 * outbox, Kafka and back, with no span whose parent is missing.
 */
import { randomUUID } from 'node:crypto';
import { signDevToken } from '../../scripts/platform/dev-keys';
import { resetPlatform, startPlatform, stopPlatform } from '../../scripts/platform/platform';
import { p, poll } from './support/stack';

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

beforeAll(async () => {
  await stopPlatform(p);
  resetPlatform(p);
  await startPlatform(p);
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
