import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

export interface TraceContext {
  traceparent?: string;
  tracestate?: string;
}

/**
 * The W3C trace context of the span running now, to carry into the events this work emits
 * (through the outbox), so they become its children in the order's trace. Without an active
 * span (tracing off) it is `fallback`, the context the work arrived with.
 */
export function activeTraceContext(fallback: TraceContext = {}): TraceContext {
  if (!trace.getSpanContext(context.active())) return pick(fallback);
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ? pick(carrier) : pick(fallback);
}

function pick(c: TraceContext): TraceContext {
  return {
    ...(c.traceparent ? { traceparent: c.traceparent } : {}),
    ...(c.tracestate ? { tracestate: c.tracestate } : {}),
  };
}

/**
 * The trace context an event carries: its `traceparent` (or Dapr's `traceid`, which holds
 * one too) and `tracestate`, as an OpenTelemetry context; undefined when it carries none.
 */
export function eventTraceContext(event: Record<string, unknown>): Context | undefined {
  const traceparent =
    typeof event.traceparent === 'string'
      ? event.traceparent
      : typeof event.traceid === 'string'
        ? event.traceid
        : undefined;
  if (!traceparent) return undefined;
  return propagation.extract(ROOT_CONTEXT, {
    traceparent,
    ...(typeof event.tracestate === 'string' ? { tracestate: event.tracestate } : {}),
  });
}
