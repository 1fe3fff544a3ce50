import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { CloudEvent } from './cloudevent';
import { withTransaction } from './db';
import { recordInInbox } from './inbox';

export interface TransactionalHandlerOptions {
  pool: Pool;
  /** The inbox's consumer name: the app id. */
  consumer: string;
  logger: Logger;
}

/**
 * Wraps an event handler so that the inbox record and the handler's effect (state changes
 * and outbox rows) commit in one transaction. A redelivered event id is skipped.
 */
export function transactionalHandler<T>(
  opts: TransactionalHandlerOptions,
  apply: (client: PoolClient, event: T, envelope: CloudEvent) => Promise<void>,
): (event: T, envelope: CloudEvent) => Promise<void> {
  return (event, envelope) =>
    withTransaction(opts.pool, async (client) => {
      if (!(await recordInInbox(client, opts.consumer, envelope))) {
        opts.logger.info({ eventId: envelope.id, type: envelope.type }, 'duplicate delivery skipped');
        return;
      }
      await apply(client, event, envelope);
    });
}
