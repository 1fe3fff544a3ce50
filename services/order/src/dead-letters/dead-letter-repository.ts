import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { DeadLetterFacts } from './dead-letter';

export const DEAD_LETTER_STATUSES = ['DEAD', 'REDRIVEN'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];
export type RedriveOutcome = 'SUCCESS' | 'REJECTED' | 'FAILED';

export interface DeadLetter {
  id: string;
  consumer: string;
  topic: string;
  payload: Buffer;
  eventId: string | null;
  eventType: string | null;
  orderId: string | null;
  receivedAt: Date;
  status: DeadLetterStatus;
  redriveAttempts: number;
  lastRedriveAt: Date | null;
  lastRedriveOutcome: RedriveOutcome | null;
}

interface Row {
  id: string;
  consumer: string;
  topic: string;
  payload: Buffer;
  event_id: string | null;
  event_type: string | null;
  order_id: string | null;
  received_at: Date;
  status: DeadLetterStatus;
  redrive_attempts: number;
  last_redrive_at: Date | null;
  last_redrive_outcome: RedriveOutcome | null;
}

const toDeadLetter = (r: Row): DeadLetter => ({
  id: r.id,
  consumer: r.consumer,
  topic: r.topic,
  payload: r.payload,
  eventId: r.event_id,
  eventType: r.event_type,
  orderId: r.order_id,
  receivedAt: r.received_at,
  status: r.status,
  redriveAttempts: r.redrive_attempts,
  lastRedriveAt: r.last_redrive_at,
  lastRedriveOutcome: r.last_redrive_outcome,
});

/** Stores a dead letter once: the same message dead-lettered again by the same consumer is one row. */
export async function storeDeadLetter(
  pool: Pool,
  where: { consumer: string; topic: string },
  facts: DeadLetterFacts,
): Promise<void> {
  await pool.query(
    `INSERT INTO dead_letters (id, consumer, topic, fingerprint, payload, event_id, event_type, order_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (consumer, topic, fingerprint) DO UPDATE SET status = 'DEAD', received_at = now()`,
    [
      randomUUID(),
      where.consumer,
      where.topic,
      facts.fingerprint,
      facts.payload,
      facts.eventId ?? null,
      facts.eventType ?? null,
      facts.orderId ?? null,
    ],
  );
}

export interface DeadLetterFilter {
  id?: string | undefined;
  status?: DeadLetterStatus | undefined;
  consumer?: string | undefined;
  topic?: string | undefined;
  orderId?: string | undefined;
  limit: number;
}

export async function listDeadLetters(pool: Pool, f: DeadLetterFilter): Promise<DeadLetter[]> {
  const { rows } = await pool.query<Row>(
    `SELECT * FROM dead_letters
     WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR consumer = $2)
       AND ($3::text IS NULL OR topic = $3) AND ($4::text IS NULL OR order_id = $4)
       AND ($6::uuid IS NULL OR id = $6)
     ORDER BY received_at DESC LIMIT $5`,
    [f.status ?? null, f.consumer ?? null, f.topic ?? null, f.orderId ?? null, f.limit, f.id ?? null],
  );
  return rows.map(toDeadLetter);
}

export async function findDeadLetter(pool: Pool, id: string): Promise<DeadLetter | undefined> {
  const { rows } = await pool.query<Row>('SELECT * FROM dead_letters WHERE id = $1', [id]);
  return rows[0] ? toDeadLetter(rows[0]) : undefined;
}

export async function recordRedrive(pool: Pool, id: string, outcome: RedriveOutcome): Promise<DeadLetter> {
  const { rows } = await pool.query<Row>(
    `UPDATE dead_letters SET redrive_attempts = redrive_attempts + 1, last_redrive_at = now(),
       last_redrive_outcome = $2, status = CASE WHEN $2 = 'SUCCESS' THEN 'REDRIVEN' ELSE status END
     WHERE id = $1 RETURNING *`,
    [id, outcome],
  );
  return toDeadLetter(rows[0] as Row);
}
