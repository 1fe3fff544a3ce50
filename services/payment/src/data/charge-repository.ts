import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { ChargeStatus } from '../domain/charge';

export interface Charge {
  orderId: string;
  amount: number;
  currency: string;
  paymentMethod: string;
  status: ChargeStatus;
  reason: string | null;
  pspChargeId: string | null;
}

interface Row {
  order_id: string;
  amount: string;
  currency: string;
  payment_method: string;
  status: ChargeStatus;
  reason: string | null;
  psp_charge_id: string | null;
}

const toCharge = (r: Row): Charge => ({
  orderId: r.order_id,
  amount: Number(r.amount),
  currency: r.currency,
  paymentMethod: r.payment_method,
  status: r.status,
  reason: r.reason,
  pspChargeId: r.psp_charge_id,
});

/** Remembers what to charge for an order; an order seen twice keeps its first row. */
export async function insertCharge(client: PoolClient, c: Omit<Charge, 'reason' | 'pspChargeId'>): Promise<void> {
  await client.query(
    `INSERT INTO charges (order_id, amount, currency, payment_method, status) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (order_id) DO NOTHING`,
    [c.orderId, c.amount, c.currency, c.paymentMethod, c.status],
  );
}

export async function lockCharge(client: PoolClient, orderId: string): Promise<Charge | undefined> {
  const { rows } = await client.query<Row>('SELECT * FROM charges WHERE order_id = $1 FOR UPDATE', [orderId]);
  return rows[0] ? toCharge(rows[0]) : undefined;
}

export async function setChargeStatus(
  client: PoolClient,
  orderId: string,
  change: { status: ChargeStatus; reason?: string; pspChargeId?: string },
): Promise<void> {
  await client.query(
    `UPDATE charges SET status = $2, reason = COALESCE($3, reason), psp_charge_id = COALESCE($4, psp_charge_id),
       updated_at = now() WHERE order_id = $1`,
    [orderId, change.status, change.reason ?? null, change.pspChargeId ?? null],
  );
}

/** The money ledger: one capture and at most one refund per order (UNIQUE (order_id, kind)). */
export async function recordMovement(
  client: PoolClient,
  m: { orderId: string; kind: 'capture' | 'refund'; amount: number; currency: string; pspRef: string },
): Promise<string> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO payments (id, order_id, kind, amount, currency, psp_ref) VALUES ($1, $2, $3, $4, $5, $6)',
    [id, m.orderId, m.kind, m.amount, m.currency, m.pspRef],
  );
  return id;
}

export async function paymentsOf(
  pool: Pool,
  orderId: string,
): Promise<{
  charge?: Charge;
  movements: { id: string; kind: string; amount: number; currency: string; createdAt: Date }[];
}> {
  const charge = await pool.query<Row>('SELECT * FROM charges WHERE order_id = $1', [orderId]);
  const moves = await pool.query<{ id: string; kind: string; amount: string; currency: string; created_at: Date }>(
    'SELECT id, kind, amount, currency, created_at FROM payments WHERE order_id = $1 ORDER BY created_at',
    [orderId],
  );
  return {
    ...(charge.rows[0] ? { charge: toCharge(charge.rows[0]) } : {}),
    movements: moves.rows.map((m) => ({
      id: m.id,
      kind: m.kind,
      amount: Number(m.amount),
      currency: m.currency,
      createdAt: m.created_at,
    })),
  };
}

/** A reservation seen before its order: charged when order.created arrives. */
export async function rememberEarlyReservation(
  client: PoolClient,
  orderId: string,
  cause: { traceparent?: string; tracestate?: string },
): Promise<void> {
  await client.query(
    `INSERT INTO reserved_early (order_id, traceparent, tracestate) VALUES ($1, $2, $3)
     ON CONFLICT (order_id) DO NOTHING`,
    [orderId, cause.traceparent ?? null, cause.tracestate ?? null],
  );
}

/** Removes and returns an order's early reservation, if there was one. */
export async function takeEarlyReservation(
  client: PoolClient,
  orderId: string,
): Promise<{ traceparent?: string; tracestate?: string } | undefined> {
  const { rows } = await client.query<{ traceparent: string | null; tracestate: string | null }>(
    'DELETE FROM reserved_early WHERE order_id = $1 RETURNING traceparent, tracestate',
    [orderId],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    ...(row.traceparent ? { traceparent: row.traceparent } : {}),
    ...(row.tracestate ? { tracestate: row.tracestate } : {}),
  };
}

/**
 * Serialises the events of one order inside payment: order.created and inventory.reserved
 * arrive on two topics and may be handled at the same moment. Held until the transaction ends.
 */
export async function lockOrder(client: PoolClient, orderId: string): Promise<void> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext('payment-order:' || $1))", [orderId]);
}
