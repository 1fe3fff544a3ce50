import { execFileSync } from 'node:child_process';
import path from 'node:path';

interface Probe {
  /** node:http is patched by the instrumentation. */
  patched: boolean;
  /** OTLP paths the app sent something to, e.g. /v1/traces. */
  exported: string[];
}

/**
 * Loads telemetry in a fresh Node process (instrumentation hooks into module loading, which jest's
 * own module system would hide), logs inside a span with pino, and records what reached a local
 * OTLP endpoint.
 */
function probe(env: Record<string, string>): Probe {
  const here = JSON.stringify(__dirname);
  const script = `
    const http = require('node:http');
    const exported = new Set();
    const otlp = http.createServer((req, res) => { exported.add(req.url); req.resume(); req.on('end', () => res.end('{}')); });
    otlp.listen(0, '127.0.0.1', () => {
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:' + otlp.address().port;
      require(${JSON.stringify(path.join(__dirname, 'telemetry.ts'))});
      const patched = Boolean(require('node:http').request.__wrapped);
      const from = { paths: [${here}] };
      const { trace } = require(require.resolve('@opentelemetry/api', from));
      const log = require(require.resolve('pino', from))({}, require('node:fs').createWriteStream('/dev/null'));
      trace.getTracer('probe').startActiveSpan('probe', (span) => { log.info('inside a span'); span.end(); });
      setTimeout(() => { process.stdout.write(JSON.stringify({ patched, exported: [...exported].sort() })); process.exit(0); }, 1500);
    });`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: {
      PATH: process.env.PATH ?? '',
      APP_ID: 'telemetry-test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      ...env,
    },
    encoding: 'utf8',
  });
  return JSON.parse(out) as Probe;
}

describe('telemetry', () => {
  it('instruments http and exports traces, but neither logs nor metrics (stdout and /metrics have them)', () => {
    expect(probe({})).toEqual({ patched: true, exported: ['/v1/traces'] });
  });

  it('ships logs over OTLP too when OTEL_LOGS_EXPORTER asks for it', () => {
    expect(probe({ OTEL_LOGS_EXPORTER: 'otlp' }).exported).toEqual(['/v1/logs', '/v1/traces']);
  });

  it('leaves every module unpatched and exports nothing with OTEL_SDK_DISABLED=true', () => {
    expect(probe({ OTEL_SDK_DISABLED: 'true' })).toEqual({ patched: false, exported: [] });
  });
});
