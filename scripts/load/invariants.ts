/**
 * Invariants I1–I6 (shared/DESIGN.md) over one run's orders, checked from the services' own data
 * (orders_db, inventory_db, payments_db, the notification service) and from the Kafka topics.
 * Each violation names its invariant and order id; an empty list means the run kept them all.
 */
import pg from 'pg';
import type { RunningPlatform } from '../platform/platform';
import { readTopic, type TopicMessage } from './kafka-topics';

export interface Violation {
  invariant: 'I1' | 'I2' | 'I3' | 'I4' | 'I5' | 'I6';
  orderId?: string;
  detail: string;
}

export interface RunOrders {
  /** Customer ids of the run's orders start with this. */
  prefix: string;
  /** What the client was told: accepted order id per Idempotency-Key. */
  accepted: { orderId: string; key: string }[];
  /** A repeated key that got another order, or no answer (from the load generator). */
  idempotencyMismatches: { key: string; orderId: string; status: string }[];
  /** Stock per SKU when the run began. */
  initialStock: Record<string, number>;
}

export interface InvariantReport {
  orders: number;
  confirmed: number;
  cancelled: number;
  pending: number;
  kafkaMessages: Record<string, number>;
  deadLetters: number;
  violations: Violation[];
}

export interface OrderRow {
  id: string;
  customer_id: string;
  status: string;
  total: string;
}

async function rows<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function runOrders(running: RunningPlatform, prefix: string): Promise<OrderRow[]> {
  return rows<OrderRow>(
    running.infra.databaseUrls.order as string,
    'SELECT id, customer_id, status, total FROM orders WHERE customer_id LIKE $1',
    [`${prefix}%`],
  );
}

export function checkI1(orders: OrderRow[], run: RunOrders): Violation[] {
  const byId = new Map(orders.map((o) => [o.id, o]));
  const out: Violation[] = [];
  for (const a of run.accepted) {
    if (!byId.has(a.orderId)) out.push({ invariant: 'I1', orderId: a.orderId, detail: 'accepted but no such order' });
  }
  for (const o of orders) {
    if (o.status === 'PENDING') out.push({ invariant: 'I1', orderId: o.id, detail: 'still PENDING' });
  }
  return out;
}

async function checkI2(running: RunningPlatform, run: RunOrders): Promise<Violation[]> {
  const stock = await rows<{ sku: string; available: number; held: string; sold: string }>(
    running.infra.databaseUrls.inventory as string,
    `SELECT p.sku, p.available,
       COALESCE(SUM((i->>'quantity')::int) FILTER (WHERE r.status = 'HELD'), 0) AS held,
       COALESCE(SUM((i->>'quantity')::int) FILTER (WHERE r.status = 'SOLD'), 0) AS sold
     FROM products p
     LEFT JOIN reservations r ON r.items @> jsonb_build_array(jsonb_build_object('sku', p.sku))
     LEFT JOIN LATERAL jsonb_array_elements(r.items) i ON i->>'sku' = p.sku
     GROUP BY p.sku, p.available`,
  );
  return stock
    .filter((s) => s.available + Number(s.held) + Number(s.sold) !== run.initialStock[s.sku])
    .map((s) => ({
      invariant: 'I2' as const,
      detail: `${s.sku}: initial ${run.initialStock[s.sku]} ≠ available ${s.available} + held ${s.held} + sold ${s.sold}`,
    }));
}

async function checkI3(running: RunningPlatform, orders: OrderRow[]): Promise<Violation[]> {
  const moves = await rows<{ order_id: string; kind: string; amount: string }>(
    running.infra.databaseUrls.payment as string,
    'SELECT order_id, kind, amount FROM payments WHERE order_id = ANY($1::uuid[])',
    [orders.map((o) => o.id)],
  );
  const byOrder = new Map<string, { captures: number[]; refunds: number[] }>();
  for (const m of moves) {
    const e = byOrder.get(m.order_id) ?? { captures: [], refunds: [] };
    (m.kind === 'capture' ? e.captures : e.refunds).push(Number(m.amount));
    byOrder.set(m.order_id, e);
  }
  const out: Violation[] = [];
  for (const o of orders) {
    const e = byOrder.get(o.id) ?? { captures: [], refunds: [] };
    const net = e.captures.reduce((a, b) => a + b, 0) - e.refunds.reduce((a, b) => a + b, 0);
    if (
      o.status === 'CONFIRMED' &&
      (e.captures.length !== 1 || e.captures[0] !== Number(o.total) || net !== Number(o.total))
    )
      out.push({
        invariant: 'I3',
        orderId: o.id,
        detail: `confirmed, total ${o.total}, captures [${e.captures}], refunds [${e.refunds}]`,
      });
    if (o.status === 'CANCELLED' && net !== 0)
      out.push({ invariant: 'I3', orderId: o.id, detail: `cancelled but charged ${net} net` });
  }
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

async function checkI4(running: RunningPlatform, orders: OrderRow[]): Promise<Violation[]> {
  const p = running.profile;
  const token = running.secrets.tokens.notification.daprApiToken;
  const found = await mapLimit(orders, 16, async (o) => {
    const res = await fetch(
      `http://127.0.0.1:${p.apps.notification.daprHttp}/v1.0/invoke/notification/method/notifications?orderId=${o.id}`,
      { headers: { 'dapr-api-token': token }, signal: AbortSignal.timeout(30_000) },
    );
    if (!res.ok) throw new Error(`notifications of ${o.id}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { items: { outcome: string }[] }).items.map((n) => n.outcome);
  });
  const out: Violation[] = [];
  orders.forEach((o, i) => {
    if (o.status === 'PENDING') return; // I1 reports it
    const want = o.status === 'CONFIRMED' ? 'confirmed' : 'cancelled';
    const got = found[i] as string[];
    if (got.length !== 1 || got[0] !== want)
      out.push({ invariant: 'I4', orderId: o.id, detail: `${o.status}: notifications [${got.join(', ')}]` });
  });
  return out;
}

/** Event types in the order a topic may carry them for one order. */
const FIRST: Record<string, string[]> = {
  'order.events': ['shop.order.created.v1'],
  'inventory.events': ['shop.inventory.reserved.v1', 'shop.inventory.rejected.v1'],
  'payment.events': ['shop.payment.completed.v1', 'shop.payment.failed.v1'],
};
const AFTER: Record<string, string> = {
  'shop.inventory.released.v1': 'shop.inventory.reserved.v1',
  'shop.payment.refunded.v1': 'shop.payment.completed.v1',
};

/** I5 as produced: per order and topic, a valid sequence; never both confirmed and cancelled. */
export function checkProduced(byKey: Map<string, TopicMessage[]>, topic: string, ids: Set<string>): Violation[] {
  const out: Violation[] = [];
  for (const [key, list] of byKey) {
    if (!ids.has(key)) continue;
    const seen = new Set<string>();
    const types: string[] = [];
    for (const m of list) {
      if (!m.event || seen.has(m.event.id)) continue; // a republished event (at least once)
      seen.add(m.event.id);
      types.push(m.event.type);
    }
    const first = FIRST[topic];
    if (first && types.length > 0 && !first.includes(types[0] as string))
      out.push({ invariant: 'I5', orderId: key, detail: `${topic} begins with ${types[0]}` });
    for (const [later, earlier] of Object.entries(AFTER)) {
      const i = types.indexOf(later);
      if (i >= 0 && !types.slice(0, i).includes(earlier))
        out.push({ invariant: 'I5', orderId: key, detail: `${topic}: ${later} without ${earlier} before it` });
    }
    const terminal = types.filter((t) => t === 'shop.order.confirmed.v1' || t === 'shop.order.cancelled.v1');
    if (new Set(terminal).size > 1)
      out.push({ invariant: 'I5', orderId: key, detail: 'order.events has both confirmed and cancelled' });
    for (const t of new Set(types)) {
      if (types.filter((x) => x === t).length > 1)
        out.push({ invariant: 'I5', orderId: key, detail: `${topic}: two different ${t} events` });
    }
  }
  return out;
}

/** I5 as consumed: each consumer recorded an order's events of one topic in offset order. */
async function checkConsumed(
  running: RunningPlatform,
  messages: Map<string, TopicMessage>,
  ids: Set<string>,
): Promise<Violation[]> {
  const out: Violation[] = [];
  for (const consumer of ['order', 'inventory', 'payment'] as const) {
    const inbox = await rows<{ event_id: string }>(
      running.infra.databaseUrls[consumer] as string,
      'SELECT event_id FROM inbox WHERE event_id = ANY($1::text[]) ORDER BY received_at, ctid',
      [[...messages.keys()]],
    );
    const last = new Map<string, { offset: number; type: string }>();
    for (const r of inbox) {
      const m = messages.get(r.event_id);
      if (!m || !ids.has(m.key)) continue;
      const k = `${m.topic}\u0000${m.key}`;
      const prev = last.get(k);
      if (prev && prev.offset > m.offset) {
        out.push({
          invariant: 'I5',
          orderId: m.key,
          detail: `${consumer} consumed ${m.event?.type} (offset ${m.offset}) after ${prev.type} (offset ${prev.offset}) on ${m.topic}`,
        });
      }
      last.set(k, { offset: m.offset, type: m.event?.type ?? '?' });
    }
  }
  return out;
}

export function checkI6(orders: OrderRow[], run: RunOrders): Violation[] {
  const out: Violation[] = [];
  const byCustomer = new Map<string, OrderRow[]>();
  for (const o of orders) byCustomer.set(o.customer_id, [...(byCustomer.get(o.customer_id) ?? []), o]);
  // Each Idempotency-Key is its own customer: two orders for one customer are two for one key.
  for (const [customer, list] of byCustomer) {
    if (list.length > 1)
      out.push({
        invariant: 'I6',
        orderId: list[0]?.id,
        detail: `key ${customer} has ${list.length} orders: ${list.map((o) => o.id).join(', ')}`,
      });
  }
  const byId = new Map(orders.map((o) => [o.id, o]));
  for (const a of run.accepted) {
    const o = byId.get(a.orderId);
    if (o && o.customer_id !== a.key)
      out.push({
        invariant: 'I6',
        orderId: a.orderId,
        detail: `answered for key ${a.key}, but placed for ${o.customer_id}`,
      });
  }
  for (const m of run.idempotencyMismatches)
    out.push({
      invariant: 'I6',
      orderId: m.orderId,
      detail: `key ${m.key} sent again: answered with another order than ${m.orderId}`,
    });
  return out;
}

export async function checkInvariants(running: RunningPlatform, run: RunOrders): Promise<InvariantReport> {
  const orders = await runOrders(running, run.prefix);
  const ids = new Set(orders.map((o) => o.id));
  const violations: Violation[] = [...checkI1(orders, run)];
  violations.push(...(await checkI2(running, run)));
  violations.push(...(await checkI3(running, orders)));
  violations.push(...(await checkI4(running, orders)));
  const byEventId = new Map<string, TopicMessage>();
  const kafkaMessages: Record<string, number> = {};
  for (const topic of Object.keys(FIRST)) {
    const list = readTopic(running.infra.kafkaBrokers, topic);
    kafkaMessages[topic] = list.length;
    const byKey = new Map<string, TopicMessage[]>();
    for (const m of list) {
      byKey.set(m.key, [...(byKey.get(m.key) ?? []), m]);
      // The first copy of a republished event is the one consumers saw first.
      if (m.event && !byEventId.has(m.event.id)) byEventId.set(m.event.id, m);
    }
    for (const l of byKey.values()) l.sort((a, b) => a.offset - b.offset);
    violations.push(...checkProduced(byKey, topic, ids));
  }
  violations.push(...(await checkConsumed(running, byEventId, ids)));
  violations.push(...checkI6(orders, run));
  const dead = await rows<{ n: string }>(
    running.infra.databaseUrls.order as string,
    'SELECT count(*) AS n FROM dead_letters',
  );
  return {
    orders: orders.length,
    confirmed: orders.filter((o) => o.status === 'CONFIRMED').length,
    cancelled: orders.filter((o) => o.status === 'CANCELLED').length,
    pending: orders.filter((o) => o.status === 'PENDING').length,
    kafkaMessages,
    deadLetters: Number(dead[0]?.n ?? 0),
    violations,
  };
}

/**
 * When the run's orders settled, from orders_db's own times: how long after `lastFaultMs` the
 * orders placed by then were all terminal, and the longest any later order took.
 */
export async function settleTimes(
  running: RunningPlatform,
  prefix: string,
  lastFaultMs: number,
): Promise<{ pending: number; afterLastFaultSeconds: number; laterMaxSeconds: number }> {
  const list = await rows<{ status: string; created: number; updated: number }>(
    running.infra.databaseUrls.order as string,
    `SELECT status, extract(epoch FROM created_at) * 1000 AS created, extract(epoch FROM updated_at) * 1000 AS updated
     FROM orders WHERE customer_id LIKE $1`,
    [`${prefix}%`],
  );
  let after = 0;
  let later = 0;
  for (const o of list) {
    const created = Number(o.created);
    const updated = Number(o.updated);
    if (created <= lastFaultMs) after = Math.max(after, updated - lastFaultMs);
    else later = Math.max(later, updated - created);
  }
  return {
    pending: list.filter((o) => o.status === 'PENDING').length,
    afterLastFaultSeconds: after / 1000,
    laterMaxSeconds: later / 1000,
  };
}
