import type { PoolClient } from 'pg';

/**
 * Records a CloudEvent id for a consumer inside the caller's transaction. Returns false
 * when the id was already recorded: the effect happened before, so skip it. Because the
 * insert and the effect commit together, a redelivery can never apply twice.
 */
export async function recordInInbox(
  client: PoolClient,
  consumer: string,
  event: { id: string; type: string },
): Promise<boolean> {
  const res = await client.query<{ fresh: boolean }>(
    `INSERT INTO inbox (event_id, consumer, type) VALUES ($1, $2, $3)
     ON CONFLICT (consumer, event_id) DO UPDATE SET duplicates = inbox.duplicates + 1
     RETURNING (xmax = 0) AS fresh`,
    [event.id, consumer, event.type],
  );
  return res.rows[0]?.fresh === true;
}
