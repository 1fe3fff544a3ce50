import type { PoolClient, Pool } from 'pg';
import type { Order, OrderStatus, PricedLine } from '../domain/order';

interface OrderRow {
  id: string;
  customer_id: string;
  status: OrderStatus;
  reason: string | null;
  items: PricedLine[];
  total: string;
  currency: string;
  payment_method: string;
  deadline: Date;
  created_at: Date;
  updated_at: Date;
}

const toOrder = (r: OrderRow): Order => ({
  id: r.id,
  customerId: r.customer_id,
  status: r.status,
  reason: r.reason,
  items: r.items,
  total: Number(r.total),
  currency: r.currency,
  paymentMethod: r.payment_method,
  deadline: r.deadline,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Inserts a new order; false when an order with this id exists already. */
export async function insertOrder(client: PoolClient, o: Order): Promise<boolean> {
  const { rowCount } = await client.query(
    `INSERT INTO orders (id, customer_id, status, items, total, currency, payment_method, deadline, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
     ON CONFLICT (id) DO NOTHING`,
    [
      o.id,
      o.customerId,
      o.status,
      JSON.stringify(o.items),
      o.total,
      o.currency,
      o.paymentMethod,
      o.deadline,
      o.createdAt,
    ],
  );
  return rowCount === 1;
}

export async function findOrder(db: Pool | PoolClient, id: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>('SELECT * FROM orders WHERE id = $1', [id]);
  return rows[0] ? toOrder(rows[0]) : undefined;
}

export async function findOrders(db: Pool, ids: string[]): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>('SELECT * FROM orders WHERE id = ANY($1::uuid[]) ORDER BY created_at', [
    ids,
  ]);
  return rows.map(toOrder);
}

/** Reads the order and locks it until the transaction ends: its transitions are serialised. */
export async function lockOrder(client: PoolClient, id: string): Promise<Order | undefined> {
  const { rows } = await client.query<OrderRow>('SELECT * FROM orders WHERE id = $1 FOR UPDATE', [id]);
  return rows[0] ? toOrder(rows[0]) : undefined;
}

export async function updateOrderStatus(client: PoolClient, o: Order): Promise<void> {
  await client.query('UPDATE orders SET status = $2, reason = $3, updated_at = $4 WHERE id = $1', [
    o.id,
    o.status,
    o.reason,
    o.updatedAt,
  ]);
}

/**
 * Locks pending orders past their deadline. SKIP LOCKED lets several replicas sweep at once
 * without waiting on each other or cancelling an order twice.
 */
export async function lockExpiredOrders(client: PoolClient, now: Date, limit: number): Promise<Order[]> {
  const { rows } = await client.query<OrderRow>(
    `SELECT * FROM orders WHERE status = 'PENDING' AND deadline <= $1
     ORDER BY deadline LIMIT $2 FOR UPDATE SKIP LOCKED`,
    [now, limit],
  );
  return rows.map(toOrder);
}
