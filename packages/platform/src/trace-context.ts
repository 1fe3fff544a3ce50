import { context, propagation, trace } from '@opentelemetry/api';

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
