import { context, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import { cloudEventSchema, type CloudEvent } from './cloudevent';
import { eventHandlingDuration, eventsHandled } from './metrics';
import { eventTraceContext } from './trace-context';

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
const tracer = trace.getTracer('@shop/platform/subscription');

/**
 * Runs a delivery's handling inside a consumer span (OpenTelemetry messaging conventions)
 * whose parent is the event's own trace context, carried in the CloudEvent: the work, its
 * database calls, its log lines and the events it emits all belong to the order's trace,
 * whatever context the delivering sidecar used. The delivery's HTTP span is linked.
 */
function inConsumerSpan<R>(envelope: CloudEvent, work: (span: Span) => Promise<R>): Promise<R> {
  const delivery = trace.getSpanContext(context.active());
  const parent = eventTraceContext(envelope) ?? context.active();
  const topic = typeof envelope.topic === 'string' ? envelope.topic : 'unknown';
  return tracer.startActiveSpan(
    `process ${topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': topic,
        'messaging.message.id': envelope.id,
        'cloudevents.event_id': envelope.id,
        'cloudevents.event_type': envelope.type,
        'cloudevents.event_source': envelope.source,
      },
      ...(delivery ? { links: [{ context: delivery }] } : {}),
    },
    parent,
    async (span) => {
      try {
        return await work(span);
      } finally {
        span.end();
      }
    },
  );
}

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
      const body = req.body as { topic?: unknown; type?: unknown } | undefined;
      eventsHandled.inc({
        topic: String(body?.topic ?? 'unknown'),
        type: String(body?.type ?? 'unknown'),
        status: 'DROP',
      });
      opts.logger.warn(
        { eventId: (req.body as { id?: unknown })?.id, reason },
        'poison message dropped to dead letter',
      );
      reply('DROP');
      return;
    }
    const topic = typeof envelope.topic === 'string' ? envelope.topic : 'unknown';
    const stopTimer = eventHandlingDuration.startTimer({ topic });
    const status = await inConsumerSpan(envelope, async (span): Promise<DeliveryStatus> => {
      try {
        await opts.handle(event, envelope);
        return 'SUCCESS';
      } catch (err) {
        span.recordException(err as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        if (err instanceof PoisonMessageError) {
          opts.logger.warn({ eventId: envelope.id, reason: err.message }, 'poison message dropped to dead letter');
          return 'DROP';
        }
        opts.logger.error(
          { err, eventId: envelope.id, type: envelope.type },
          'event handling failed; asking for retry',
        );
        return 'RETRY';
      }
    });
    stopTimer({ status });
    eventsHandled.inc({ topic, type: envelope.type, status });
    reply(status);
  };
}
