import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { cloudEventSchema, type CloudEvent } from './cloudevent';

/** What the app tells daprd about a delivered message. Always explicit, never implied. */
export type DeliveryStatus = 'SUCCESS' | 'RETRY' | 'DROP';

/** A message that can never succeed (malformed, unknown type): dead-letter it, don't retry. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
}

export interface SubscriptionRouteOptions<T> {
  logger: Logger;
  /** Validates the envelope's type and data; throw (zod or PoisonMessageError) to reject. */
  parse: (event: CloudEvent) => T;
  handle: (event: T, envelope: CloudEvent) => Promise<void>;
}

/**
 * Turns an event handler into a Dapr subscription route. Invalid messages get DROP, which
 * daprd forwards to the subscription's dead-letter topic at once; any other error gets
 * RETRY, so the inbound resiliency policy retries it and, when exhausted, dead-letters it.
 * A handler error is therefore never silently acknowledged.
 */
export function subscriptionRoute<T>(opts: SubscriptionRouteOptions<T>): RequestHandler {
  return async (req, res) => {
    const reply = (status: DeliveryStatus): void => {
      res.status(200).json({ status });
    };
    let envelope: CloudEvent;
    let event: T;
    try {
      envelope = cloudEventSchema.parse(req.body);
      event = opts.parse(envelope);
    } catch (err) {
      const reason = err instanceof z.ZodError ? z.prettifyError(err) : (err as Error).message;
      opts.logger.warn(
        { eventId: (req.body as { id?: unknown })?.id, reason },
        'poison message dropped to dead letter',
      );
      reply('DROP');
      return;
    }
    try {
      await opts.handle(event, envelope);
      reply('SUCCESS');
    } catch (err) {
      if (err instanceof PoisonMessageError) {
        opts.logger.warn({ eventId: envelope.id, reason: err.message }, 'poison message dropped to dead letter');
        reply('DROP');
        return;
      }
      opts.logger.error({ err, eventId: envelope.id, type: envelope.type }, 'event handling failed; asking for retry');
      reply('RETRY');
    }
  };
}
