import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { CloudEvent } from './cloudevent';
import { withTransaction } from './db';
import { recordInInbox } from './inbox';
import { inboxDuplicatesSkipped } from './metrics';
import { activeTraceContext } from './trace-context';

export interface TransactionalHandlerOptions {
  pool: Pool;
  /** The inbox's consumer name: the app id. */
  consumer: string;
  logger: Logger;
}

/**
 * Wraps an event handler so that the inbox record and the handler's effect (state changes
 * and outbox rows) commit in one transaction. A redelivered event id is skipped (undefined).
 * The handler's result is returned once the transaction has committed.
 * `apply` sees the envelope with the trace context of the running consumer span, so the
 * events it emits are that span's children.
 */
export function transactionalHandler<T, R = void>(
  opts: TransactionalHandlerOptions,
  apply: (client: PoolClient, event: T, envelope: CloudEvent) => Promise<R>,
): (event: T, envelope: CloudEvent) => Promise<R | undefined> {
  return (event, envelope) =>
    withTransaction(opts.pool, async (client) => {
      if (!(await recordInInbox(client, opts.consumer, envelope))) {
        opts.logger.info({ eventId: envelope.id, type: envelope.type }, 'duplicate delivery skipped');
        inboxDuplicatesSkipped.inc({ consumer: opts.consumer, type: envelope.type });
        return undefined;
      }
      // What this handler emits continues the trace from its consumer span, when there is one.
      return apply(client, event, { ...envelope, ...activeTraceContext(envelope) });
    });
}
