/**
 * The order saga on the real stack: six apps beside six daprd sidecars, Kafka, PostgreSQL and
 * Redis, started by the same code as `npm start` (profile `test`). Scenarios run in order on
 * one platform: the circuit-breaker scenario leaves psp's breaker closed again for the next.
 */
import { randomUUID } from 'node:crypto';
import { kafkaTool } from '../../scripts/platform/infra/kafka';
import {
  resetPlatform,
  restartApp,
  startPlatform,
  stopApp,
  stopPlatform,
  type RunningPlatform,
} from '../../scripts/platform/platform';
import { sleep } from '../../scripts/platform/processes';
import { p, poll, query, Stack } from './support/stack';

jest.setTimeout(300_000);

const SAGA_TIMEOUT_MS = 15_000;
/** The seeded catalogue (services/inventory/migrations): the initial stock for I2. */
const INITIAL_STOCK: Record<string, number> = {
  'SKU-COFFEE': 1000,
  'SKU-MUG': 1000,
  'SKU-GRINDER': 200,
  'SKU-KETTLE': 100,
  'SKU-FILTER': 5000,
};

interface OrderView {
  orderId: string;
  customerId: string;
  status: 'PENDING' | 'CONFIRMED' | 'CANCELLED';
  reason?: string;
  total: number;
  createdAt: string;
  updatedAt: string;
}
interface PaymentsView {
  status: string | null;
  reason: string | null;
  net: number;
  movements: { kind: 'capture' | 'refund'; amount: number }[];
}
interface DeadLetterView {
  id: string;
  consumer: string;
  topic: string;
  eventId: string | null;
  eventType: string | null;
  orderId: string | null;
  status: 'DEAD' | 'REDRIVEN';
  payload?: unknown;
  payloadBase64?: string;
}

let platform: RunningPlatform;
let stack: Stack;

async function place(paymentMethod: string, items = [{ sku: 'SKU-MUG', quantity: 1 }]): Promise<string> {
  const res = await stack.invoke('order', 'orders', {
    method: 'POST',
    body: JSON.stringify({ customerId: 'c-saga', items, paymentMethod }),
  });
  const body = (await res.json()) as { orderId: string };
  // The body says why, if a placement is refused.
  expect({ status: res.status, body }).toMatchObject({ status: 202 });
  return body.orderId;
}

const orderOf = (id: string) => stack.json<OrderView>('order', `orders/${id}`);

async function final(id: string, timeoutMs = 30_000): Promise<OrderView> {
  return poll(
    `order ${id} to be final`,
    async () => {
      const o = await orderOf(id);
      return o.status === 'PENDING' ? undefined : o;
    },
    timeoutMs,
  );
}

const timelineTypes = async (id: string) =>
  (await stack.json<{ events: { type: string }[] }>('order', `orders/${id}/timeline`)).events.map((e) => e.type);

const paymentsOf = (id: string) => stack.json<PaymentsView>('payment', `payments?orderId=${id}`);
const pspAttempts = async (id: string) =>
  (await stack.json<{ attempts: number }>('psp', `charges?idempotencyKey=charge-${id}`)).attempts;
const notificationsOf = async (id: string) =>
  (
    await stack.json<{ items: { outcome: string; reason?: string; duplicatesSkipped: number }[] }>(
      'notification',
      `notifications?orderId=${id}`,
    )
  ).items;
const available = async (sku: string) =>
  (await stack.json<{ available: number }>('inventory', `products/${sku}`)).available;
const reservationOf = async (id: string) =>
  (
    await query<{ status: string }>(stack.db('inventory'), 'SELECT status FROM reservations WHERE order_id = $1', [id])
  )[0]?.status;

/** Waits until the compensations that follow a cancellation have run. */
async function compensated(id: string, reservation: string | undefined, payment: string[]): Promise<void> {
  await poll(`inventory to compensate ${id}`, async () =>
    (await reservationOf(id)) === reservation ? true : undefined,
  );
  await poll(`payment to compensate ${id}`, async () =>
    payment.includes((await paymentsOf(id)).status ?? 'none') ? true : undefined,
  );
}

const deadLetters = (filter: string) =>
  stack.json<{ items: DeadLetterView[] }>('order', `admin/dead-letters?limit=500&${filter}`).then((r) => r.items);

beforeAll(async () => {
  await stopPlatform(p);
  resetPlatform(p);
  platform = await startPlatform(p, { appEnv: { SAGA_TIMEOUT_MS: String(SAGA_TIMEOUT_MS), PSP_SLOW_MS: '3000' } });
  stack = new Stack(platform);
});

afterAll(async () => {
  await stopPlatform(p);
});

const ids: Record<string, string> = {};

describe('the order saga', () => {
  it('1. happy path: reserved, charged once, confirmed, stock sold, one notification', async () => {
    const before = await available('SKU-GRINDER');
    const id = await place('pm_card_ok', [{ sku: 'SKU-GRINDER', quantity: 2 }]);
    ids.happy = id;
    const order = await final(id);
    expect(order).toMatchObject({ status: 'CONFIRMED', total: 2 * 4900 });
    expect(order.reason).toBeUndefined();
    await poll('the reservation to be sold', async () => ((await reservationOf(id)) === 'SOLD' ? true : undefined));
    expect(await available('SKU-GRINDER')).toBe(before - 2);
    expect(await paymentsOf(id)).toMatchObject({
      status: 'CAPTURED',
      net: 9800,
      movements: [{ kind: 'capture', amount: 9800 }],
    });
    expect(await timelineTypes(id)).toEqual([
      'shop.order.created.v1',
      'shop.inventory.reserved.v1',
      'shop.payment.completed.v1',
      'shop.order.confirmed.v1',
    ]);
    // One trace for the whole saga: the trace context travels in every event, across Kafka.
    const traces = (await stack.json<{ events: { traceId?: string }[] }>('order', `orders/${id}/timeline`)).events.map(
      (e) => e.traceId,
    );
    expect(traces[0]).toMatch(/^[\da-f]{32}$/);
    expect(new Set(traces)).toEqual(new Set([traces[0]]));
    const notes = await poll('the notification', async () => {
      const n = await notificationsOf(id);
      return n.length > 0 ? n : undefined;
    });
    expect(notes.map((n) => n.outcome)).toEqual(['confirmed']);
  });

  it('2. out of stock: nothing reserved, nothing charged, cancelled with reason out-of-stock', async () => {
    const before = await available('SKU-KETTLE');
    const id = await place('pm_card_ok', [
      { sku: 'SKU-MUG', quantity: 1 },
      { sku: 'SKU-KETTLE', quantity: before + 1 },
    ]);
    expect(await final(id)).toMatchObject({ status: 'CANCELLED', reason: 'out-of-stock' });
    // The order was cancelled before anything was reserved: inventory leaves a VOID marker.
    await compensated(id, 'VOID', ['CANCELLED']);
    expect(await available('SKU-KETTLE')).toBe(before);
    expect((await paymentsOf(id)).net).toBe(0);
    expect(await pspAttempts(id)).toBe(0);
    expect(await timelineTypes(id)).toEqual([
      'shop.order.created.v1',
      'shop.inventory.rejected.v1',
      'shop.order.cancelled.v1',
    ]);
    // The saga cancelled it: a customer's cancel is refused, not turned into a second cancellation.
    const refused = await stack.invoke('order', `orders/${id}/cancel`, { method: 'POST' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('3. declined: psp is asked once, never retried; the stock is released', async () => {
    const before = await available('SKU-MUG');
    const id = await place('pm_card_declined');
    expect(await final(id)).toMatchObject({ status: 'CANCELLED', reason: 'payment-declined' });
    await compensated(id, 'RELEASED', ['FAILED']);
    expect(await available('SKU-MUG')).toBe(before);
    expect(await pspAttempts(id)).toBe(1);
    expect((await paymentsOf(id)).movements).toEqual([]);
    expect(await timelineTypes(id)).toContain('shop.inventory.released.v1');
  });

  it('4. flaky: the sidecar retries the transient failure and the order is confirmed', async () => {
    const id = await place('pm_card_flaky');
    expect((await final(id)).status).toBe('CONFIRMED');
    expect(await pspAttempts(id)).toBe(2);
    expect((await paymentsOf(id)).movements).toHaveLength(1);
  });

  it('5. slow: the timeout, then the breaker opening, then recovering', async () => {
    const slow = await place('pm_card_slow');
    const timedOut = await final(slow);
    expect(timedOut).toMatchObject({ status: 'CANCELLED', reason: 'payment-timeout' });
    // The first attempt and the two retries of the Resiliency policy, each cut at 2s.
    expect(await pspAttempts(slow)).toBe(3);
    expect(Date.parse(timedOut.updatedAt) - Date.parse(timedOut.createdAt)).toBeGreaterThanOrEqual(6_000);
    await compensated(slow, 'RELEASED', ['FAILED']);

    // Three failures in a row opened the breaker: a good card now fails fast, psp is not called.
    const failFast = await place('pm_card_ok');
    const rejected = await final(failFast);
    expect(rejected).toMatchObject({ status: 'CANCELLED', reason: 'payment-circuit-open' });
    expect(await pspAttempts(failFast)).toBe(0);
    expect(Date.parse(rejected.updatedAt) - Date.parse(rejected.createdAt)).toBeLessThan(2_000);

    // After the breaker's 10s open period, a trial call goes through and closes it.
    await sleep(Math.max(0, Date.parse(timedOut.updatedAt) + 10_500 - Date.now()));
    const recovered = await place('pm_card_ok');
    expect((await final(recovered)).status).toBe('CONFIRMED');
    const next = await place('pm_card_ok');
    expect((await final(next)).status).toBe('CONFIRMED');
  });

  it('6. customer cancel after confirm: refunded and restocked, two notifications', async () => {
    const before = await available('SKU-COFFEE');
    const id = await place('pm_card_ok', [{ sku: 'SKU-COFFEE', quantity: 3 }]);
    ids.cancelled = id;
    expect((await final(id)).status).toBe('CONFIRMED');
    await poll('the reservation to be sold', async () => ((await reservationOf(id)) === 'SOLD' ? true : undefined));
    expect(await available('SKU-COFFEE')).toBe(before - 3);

    const res = await stack.invoke('order', `orders/${id}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await orderOf(id)).toMatchObject({ status: 'CANCELLED', reason: 'customer-request' });
    await compensated(id, 'RESTOCKED', ['REFUNDED']);
    expect(await available('SKU-COFFEE')).toBe(before);
    const payments = await paymentsOf(id);
    expect(payments.net).toBe(0);
    expect(payments.movements.map((m) => [m.kind, m.amount])).toEqual([
      ['capture', 5970],
      ['refund', 5970],
    ]);
    const notes = await poll('both notifications', async () => {
      const n = await notificationsOf(id);
      return n.length === 2 ? n : undefined;
    });
    expect(notes.map((n) => n.outcome).sort()).toEqual(['cancelled', 'confirmed']);

    // Cancelling again (a retry) answers the same and cancels nothing twice.
    const again = await stack.invoke('order', `orders/${id}/cancel`, { method: 'POST' });
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ orderId: id, status: 'CANCELLED' });
    expect((await timelineTypes(id)).filter((t) => t === 'shop.order.cancelled.v1')).toHaveLength(1);
  });

  it('7. saga timeout: with payment down, a pending order is cancelled at its deadline; a customer may cancel a pending one', async () => {
    // Payment's events are retried (with backoff, about a minute) while it is down, and wait in Kafka.
    await stopApp(p, 'payment');
    await sleep(3_000);
    const expired = await place('pm_card_ok');
    const cancelledWhilePending = await place('pm_card_ok');
    await poll('the reservations', async () =>
      (await reservationOf(expired)) === 'HELD' && (await reservationOf(cancelledWhilePending)) === 'HELD'
        ? true
        : undefined,
    );
    const res = await stack.invoke('order', `orders/${cancelledWhilePending}/cancel`, { method: 'POST' });
    expect(res.status).toBe(202);
    expect(await orderOf(cancelledWhilePending)).toMatchObject({ status: 'CANCELLED', reason: 'customer-request' });

    const timedOut = await final(expired, SAGA_TIMEOUT_MS + 10_000);
    expect(timedOut).toMatchObject({ status: 'CANCELLED', reason: 'timeout' });
    expect(Date.parse(timedOut.updatedAt) - Date.parse(timedOut.createdAt)).toBeGreaterThanOrEqual(SAGA_TIMEOUT_MS);
    await poll('the stock to be released', async () =>
      (await reservationOf(expired)) === 'RELEASED' ? true : undefined,
    );

    // Payment comes back and catches up: whichever event it sees first, nothing is charged net (I3).
    await restartApp(platform, 'payment');
    for (const id of [expired, cancelledWhilePending]) {
      await compensated(id, 'RELEASED', ['CANCELLED', 'REFUNDED']);
      expect((await paymentsOf(id)).net).toBe(0);
      expect((await orderOf(id)).status).toBe('CANCELLED');
    }
  });

  it('8. the same CloudEvent delivered twice has one effect, also after a relay crash between publish and mark', async () => {
    const id = ids.happy as string;
    const outbox = await query<{ id: string; type: string; event: Record<string, unknown> }>(
      stack.db('order'),
      `SELECT id, event->>'type' AS type, event FROM outbox WHERE partition_key = $1 ORDER BY seq`,
      [id],
    );
    const created = outbox.find((r) => r.type === 'shop.order.created.v1');
    const confirmed = outbox.find((r) => r.type === 'shop.order.confirmed.v1');
    if (!created || !confirmed) throw new Error('the happy order has no created or confirmed outbox row');
    const grinders = await available('SKU-GRINDER');

    // A crash between publish and mark leaves a published row unmarked: the relay sends it again.
    await query(stack.db('order'), 'UPDATE outbox SET published_at = NULL WHERE id = $1', [created.id]);
    await query(stack.db('order'), "SELECT pg_notify('outbox', '')");
    // And a broker or producer replay delivers the same CloudEvent again.
    const replay = await stack.publish(
      'order',
      'order.events',
      JSON.stringify(confirmed.event),
      'application/cloudevents+json',
      {
        partitionKey: id,
      },
    );
    expect(replay.status).toBe(204);

    const duplicates = (db: 'inventory' | 'payment', eventId: string) =>
      poll(`${db} to skip ${eventId}`, async () => {
        const row = (
          await query<{ duplicates: number }>(stack.db(db), 'SELECT duplicates FROM inbox WHERE event_id = $1', [
            eventId,
          ])
        )[0];
        return row && row.duplicates >= 1 ? row.duplicates : undefined;
      });
    await duplicates('inventory', created.id);
    await duplicates('payment', created.id);
    await duplicates('inventory', confirmed.id);
    await duplicates('payment', confirmed.id);
    const notes = await poll('notification to skip the duplicate', async () => {
      const n = await notificationsOf(id);
      return n[0] && n[0].duplicatesSkipped >= 1 ? n : undefined;
    });

    expect(notes).toHaveLength(1);
    expect(await available('SKU-GRINDER')).toBe(grinders);
    expect(await reservationOf(id)).toBe('SOLD');
    const reservations = await query(stack.db('inventory'), 'SELECT 1 FROM reservations WHERE order_id = $1', [id]);
    expect(reservations).toHaveLength(1);
    expect((await paymentsOf(id)).movements).toHaveLength(1);
    expect(await orderOf(id)).toMatchObject({ status: 'CONFIRMED' });
  });

  it('9. malformed events on every partition of every topic are dead-lettered, later orders complete, and a redrive works', async () => {
    const topics = { 'order.events': 'order', 'inventory.events': 'inventory', 'payment.events': 'payment' } as const;
    const consumers: Record<string, string[]> = {
      'order.events': ['inventory', 'payment', 'notification'],
      'inventory.events': ['payment', 'order'],
      'payment.events': ['order'],
    };
    const marker = randomUUID();
    for (const [topic, producer] of Object.entries(topics)) {
      for (const partitionNumber of [0, 1, 2]) {
        // A known type whose data breaks its schema, through the producer's own sidecar.
        const bad = {
          specversion: '1.0',
          id: `poison-${marker}-${topic}-${partitionNumber}`,
          source: 'system-test',
          type: `shop.${producer}.${topic === 'order.events' ? 'created' : topic === 'inventory.events' ? 'reserved' : 'completed'}.v1`,
          data: { orderId: 'not-a-uuid', marker },
        };
        const res = await stack.publish(producer, topic, JSON.stringify(bad), 'application/cloudevents+json', {
          partitionNumber,
        });
        expect(res.status).toBe(204);
      }
    }
    // Bytes that are not even JSON, straight onto each topic with Kafka's own producer.
    for (const topic of Object.keys(topics)) {
      kafkaTool(
        'org.apache.kafka.tools.ConsoleProducer',
        ['--bootstrap-server', platform.infra.kafkaBrokers, '--topic', topic],
        `not json ${marker}\n`,
      );
    }

    // Later orders, whose events share those partitions, still complete.
    const later = await Promise.all([1, 2, 3, 4, 5, 6].map(() => place('pm_card_ok')));
    for (const id of later) expect((await final(id)).status).toBe('CONFIRMED');

    // Every consumer dead-lettered every poison message of every topic it reads.
    for (const [topic, names] of Object.entries(consumers)) {
      for (const consumer of names) {
        const items = await poll(`${consumer}'s dead letters of ${topic}`, async () => {
          const all = await deadLetters(`consumer=${consumer}&topic=${topic}`);
          const mine = all.filter(
            (d) =>
              d.eventId?.startsWith(`poison-${marker}`) ||
              (d.payloadBase64 && Buffer.from(d.payloadBase64, 'base64').toString().includes(marker)),
          );
          return mine.length === 4 ? mine : undefined;
        });
        expect(
          items.filter((d) => d.payloadBase64).map((d) => Buffer.from(d.payloadBase64 as string, 'base64').toString()),
        ).toEqual([`not json ${marker}`]);
      }
    }

    // A poison message stays poison: its redrive is rejected again, with a problem document.
    const poison = (await deadLetters('consumer=inventory&topic=order.events')).find((d) =>
      d.eventId?.includes(marker),
    );
    const rejected = await stack.invoke('order', `admin/dead-letters/${poison?.id}/redrive`, { method: 'POST' });
    expect(rejected.status).toBe(422);
    expect(((await rejected.json()) as { type: string }).type).toBe('https://shop.example/problems/redrive-rejected');

    // A good event dead-lettered during an outage: psp is down while a customer cancels a
    // confirmed order, so payment's refund fails past its retries and is dead-lettered.
    const id = await place('pm_card_ok');
    expect((await final(id)).status).toBe('CONFIRMED');
    await poll('the capture', async () => ((await paymentsOf(id)).status === 'CAPTURED' ? true : undefined));
    await stopApp(p, 'psp');
    await sleep(3_000);
    expect((await stack.invoke('order', `orders/${id}/cancel`, { method: 'POST' })).status).toBe(202);
    const dead = await poll(
      'the refund to be dead-lettered',
      async () =>
        (await deadLetters(`consumer=payment&orderId=${id}`)).find((d) => d.eventType === 'shop.order.cancelled.v1'),
      // The inbound policy retries for about a minute first.
      120_000,
    );
    expect((await paymentsOf(id)).status).toBe('CAPTURED');

    // psp recovers; once payment's breaker lets a call through (up to its 10 s timeout), the
    // redrive refunds. Attempts are 3 s apart, as an operator would retry: each failed redrive
    // is a 503, and order's sidecar opens its breaker after five in a row.
    await restartApp(platform, 'psp');
    const redriven = await poll(
      'a successful redrive',
      async () => {
        const res = await stack.invoke('order', `admin/dead-letters/${dead.id}/redrive`, { method: 'POST' });
        if (res.status === 200) return (await res.json()) as DeadLetterView;
        expect(res.status).toBe(503);
        await sleep(3_000);
        return undefined;
      },
      60_000,
    );
    expect(redriven.status).toBe('REDRIVEN');
    expect(await paymentsOf(id)).toMatchObject({ status: 'REFUNDED', net: 0 });
    await poll('the refund on the timeline', async () =>
      (await timelineTypes(id)).includes('shop.payment.refunded.v1') ? true : undefined,
    );
    const twice = await stack.invoke('order', `admin/dead-letters/${dead.id}/redrive`, { method: 'POST' });
    expect(twice.status).toBe(409);
  });

  it('keeps the invariants over every order of this run (I1–I5)', async () => {
    const orders = await query<{ id: string; status: string; total: string }>(
      stack.db('order'),
      'SELECT id, status, total FROM orders',
    );
    expect(orders.length).toBeGreaterThan(15);
    for (const o of orders) {
      // I1: every order is final once faults stopped.
      expect({ id: o.id, status: o.status }).not.toEqual({ id: o.id, status: 'PENDING' });
      // I3: a confirmed order has exactly one capture equal to its total; a cancelled one nets 0.
      const pay = await paymentsOf(o.id);
      if (o.status === 'CONFIRMED') {
        expect({
          id: o.id,
          captures: pay.movements.filter((m) => m.kind === 'capture').map((m) => m.amount),
          net: pay.net,
        }).toEqual({
          id: o.id,
          captures: [Number(o.total)],
          net: Number(o.total),
        });
      } else {
        expect({ id: o.id, net: pay.net }).toEqual({ id: o.id, net: 0 });
      }
      // I4 and I5: one notification per outcome; confirmed and cancelled only if cancelled after confirming.
      const outcomes = (await notificationsOf(o.id)).map((n) => n.outcome).sort();
      const timeline = await timelineTypes(o.id);
      const wasConfirmed = timeline.includes('shop.order.confirmed.v1');
      const expected =
        o.status === 'CONFIRMED' ? ['confirmed'] : wasConfirmed ? ['cancelled', 'confirmed'] : ['cancelled'];
      expect({ id: o.id, outcomes }).toEqual({ id: o.id, outcomes: expected });
      if (wasConfirmed && o.status === 'CANCELLED') {
        expect(timeline.indexOf('shop.order.cancelled.v1')).toBeGreaterThan(
          timeline.indexOf('shop.order.confirmed.v1'),
        );
      }
    }
    // I2: per SKU, initial stock = available + held + sold.
    const stock = await query<{ sku: string; available: number; held: string; sold: string }>(
      stack.db('inventory'),
      `SELECT p.sku, p.available,
         COALESCE(SUM((i->>'quantity')::int) FILTER (WHERE r.status = 'HELD'), 0) AS held,
         COALESCE(SUM((i->>'quantity')::int) FILTER (WHERE r.status = 'SOLD'), 0) AS sold
       FROM products p
       LEFT JOIN reservations r ON r.items @> jsonb_build_array(jsonb_build_object('sku', p.sku))
       LEFT JOIN LATERAL jsonb_array_elements(r.items) i ON i->>'sku' = p.sku
       GROUP BY p.sku, p.available`,
    );
    for (const s of stock) {
      expect({ sku: s.sku, total: s.available + Number(s.held) + Number(s.sold) }).toEqual({
        sku: s.sku,
        total: INITIAL_STOCK[s.sku],
      });
    }
  });
});
