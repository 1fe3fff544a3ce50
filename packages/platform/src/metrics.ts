/**
 * Prometheus metrics of one app, served at GET /metrics: RED per HTTP route and per
 * subscription, and the platform's own (outbox, inbox). Services add their business metrics
 * to the same registry.
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequestDuration = new Histogram({
  name: 'http_server_request_duration_seconds',
  help: 'Duration of HTTP requests the app served, by method, route template and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const eventsHandled = new Counter({
  name: 'shop_events_handled_total',
  help: 'Event deliveries handled, by topic, event type and the answer given to daprd (SUCCESS, RETRY, DROP)',
  labelNames: ['topic', 'type', 'status'] as const,
  registers: [metricsRegistry],
});

export const eventHandlingDuration = new Histogram({
  name: 'shop_event_handling_duration_seconds',
  help: 'Time to handle one event delivery, by topic and answer',
  labelNames: ['topic', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const inboxDuplicatesSkipped = new Counter({
  name: 'shop_inbox_duplicates_skipped_total',
  help: 'Redelivered events recognised by the inbox and not applied again, by consumer and event type',
  labelNames: ['consumer', 'type'] as const,
  registers: [metricsRegistry],
});

/** Paths that are not the app's work: probes and the scrape itself. */
const UNMEASURED = new Set(['/healthz', '/readyz', '/metrics']);

/** Records every request's duration under its route template (never the raw path: ids would explode the series). */
export const measureRequests: RequestHandler = (req, res, next) => {
  if (UNMEASURED.has(req.path)) return next();
  const stop = httpRequestDuration.startTimer();
  res.on('finish', () => {
    const template = (req.route as { path?: string } | undefined)?.path;
    const route = typeof template === 'string' ? `${req.baseUrl}${template}` : 'unmatched';
    stop({ method: req.method, route, status_code: String(res.statusCode) });
  });
  next();
};

export const serveMetrics: RequestHandler = async (_req, res) => {
  res.type(metricsRegistry.contentType).send(await metricsRegistry.metrics());
};
