/**
 * Tracing for every app, with the OpenTelemetry Node SDK and the OTLP HTTP exporter.
 *
 * Import it first in a service's main.ts (`import '@shop/platform/telemetry'`): the SDK patches
 * http, fetch (undici), express, pg and pino when they load, so it must start before they do.
 * pino's instrumentation then adds `trace_id` and `span_id` to every log line written inside a
 * span.
 *
 * Configured with the standard variables: OTEL_EXPORTER_OTLP_ENDPOINT (default
 * http://localhost:4318), OTEL_SERVICE_NAME (default: the APP_ID), OTEL_RESOURCE_ATTRIBUTES
 * (for example `deployment.environment=local`), OTEL_TRACES_SAMPLER, OTEL_SDK_DISABLED=true;
 * OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER default to none here (see below).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { onShutdown } from './shutdown-hooks';

/** The running service's version, from the package.json beside its dist/ folder. */
function serviceVersion(): string {
  try {
    const main = require.main?.filename;
    if (!main) return 'unknown';
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// Probes and scrapes run every few seconds: tracing them would bury the real work.
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

// Instrumentations patch their modules as soon as they are constructed, whether or not the SDK
// starts: with OTEL_SDK_DISABLED=true none is constructed, so the apps pay nothing for tracing.
if (process.env.OTEL_SDK_DISABLED !== 'true') {
  // The SDK would also export metrics and logs over OTLP by default. The apps' metrics are
  // Prometheus' (/metrics) and their logs are JSON lines on stdout with trace ids, so unless the
  // standard variables ask for them, neither is shipped twice (each log line cost a JSON parse).
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  const sendLogs = process.env.OTEL_LOGS_EXPORTER.split(',').some((e) => e.trim() !== 'none' && e.trim() !== '');
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      [ATTR_SERVICE_NAME]: process.env.OTEL_SERVICE_NAME ?? process.env.APP_ID ?? 'unknown',
      [ATTR_SERVICE_VERSION]: serviceVersion(),
    }),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => PROBES.has((req.url ?? '').split('?')[0] ?? ''),
      }),
      new UndiciInstrumentation(),
      new ExpressInstrumentation(),
      new PgInstrumentation({ requireParentSpan: true }),
      new PinoInstrumentation({ disableLogSending: !sendLogs }),
    ],
  });
  sdk.start();
  // Flush the spans of the last requests when the service stops.
  onShutdown(() => sdk.shutdown());
}
