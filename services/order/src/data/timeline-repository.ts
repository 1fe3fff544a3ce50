import type { Pool, PoolClient } from 'pg';

export interface TimelineEntry {
  orderId: string;
  eventId: string;
  type: string;
  time: Date;
  traceId?: string | undefined;
}

/**
 * Appends an event to the order's timeline; a repeated event id is ignored. Events from
 * different topics may reach order in any order, so the timeline is read in the order they
 * happened (their CloudEvent time), not the order they arrived.
 */
export async function appendTimeline(client: PoolClient, e: TimelineEntry): Promise<void> {
  await client.query(
    `INSERT INTO order_timeline (order_id, event_id, type, time, trace_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (order_id, event_id) DO NOTHING`,
    [e.orderId, e.eventId, e.type, e.time, e.traceId ?? null],
  );
}

export async function listTimeline(pool: Pool, orderId: string): Promise<TimelineEntry[]> {
  const { rows } = await pool.query<{ event_id: string; type: string; time: Date; trace_id: string | null }>(
    'SELECT event_id, type, time, trace_id FROM order_timeline WHERE order_id = $1 ORDER BY time, seq',
    [orderId],
  );
  return rows.map((r) => ({
    orderId,
    eventId: r.event_id,
    type: r.type,
    time: r.time,
    ...(r.trace_id ? { traceId: r.trace_id } : {}),
  }));
}
