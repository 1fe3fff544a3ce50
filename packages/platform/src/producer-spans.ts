import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { eventTraceContext } from './trace-context';

const tracer = trace.getTracer('@shop/platform/outbox');

export interface OutgoingEvent {
  id: string;
  key: string;
  event: unknown;
}

export interface ProducerSpans {
  /** The events to send, each now carrying its producer span's trace context. */
  events: unknown[];
  /** Ends every span: the ids that failed (or all, with the error) are marked so. */
  finish(failed: ReadonlySet<string> | 'all', error?: string): void;
}

/**
 * One producer span per event (OpenTelemetry messaging conventions, `send <topic>`), as a
 * child of the trace context the event was written with. The relay publishes in the
 * background, outside any request, so without these spans the publish would belong to no
 * order's trace. The event then carries the producer span's context, and its consumers'
 * spans become that span's children.
 */
export function startProducerSpans(topic: string, outgoing: OutgoingEvent[]): ProducerSpans {
  const spans: [string, Span][] = [];
  const events = outgoing.map(({ id, key, event }) => {
    const ce = { ...(event as Record<string, unknown>) };
    const parent = eventTraceContext(ce) ?? ROOT_CONTEXT;
    const span = tracer.startSpan(
      `send ${topic}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': topic,
          'messaging.message.id': id,
          'messaging.kafka.message.key': key,
          'cloudevents.event_id': id,
          ...(typeof ce.type === 'string' ? { 'cloudevents.event_type': ce.type } : {}),
        },
      },
      parent,
    );
    spans.push([id, span]);
    const carrier: Record<string, string> = {};
    propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
    // Only when tracing runs: without it the event keeps the context it was written with.
    if (carrier.traceparent && span.spanContext().traceFlags !== 0) {
      ce.traceparent = carrier.traceparent;
      ce.traceid = carrier.traceparent;
    }
    return ce;
  });
  return {
    events,
    finish(failed, error) {
      for (const [id, span] of spans) {
        if (failed === 'all' || failed.has(id)) {
          span.setStatus({ code: SpanStatusCode.ERROR, ...(error ? { message: error } : {}) });
        }
        span.end();
      }
    },
  };
}
