import type { PoolClient } from 'pg';
import type { ReservationStatus, StockLine } from '../domain/reservation';

export interface Reservation {
  id: string;
  orderId: string;
  status: ReservationStatus;
  items: StockLine[];
}

interface Row {
  id: string;
  order_id: string;
  status: ReservationStatus;
  items: StockLine[];
}

/** The order's reservation, locked for the rest of the transaction. */
export async function lockReservation(client: PoolClient, orderId: string): Promise<Reservation | undefined> {
  const { rows } = await client.query<Row>('SELECT * FROM reservations WHERE order_id = $1 FOR UPDATE', [orderId]);
  const r = rows[0];
  return r ? { id: r.id, orderId: r.order_id, status: r.status, items: r.items } : undefined;
}

export async function insertReservation(client: PoolClient, r: Reservation): Promise<void> {
  await client.query('INSERT INTO reservations (id, order_id, status, items) VALUES ($1, $2, $3, $4)', [
    r.id,
    r.orderId,
    r.status,
    JSON.stringify(r.items),
  ]);
}

export async function setReservationStatus(client: PoolClient, id: string, status: ReservationStatus): Promise<void> {
  await client.query('UPDATE reservations SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
}
