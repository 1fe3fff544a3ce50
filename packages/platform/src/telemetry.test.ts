import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Whether node:http is patched once telemetry has loaded, in a fresh Node process: instrumentation
 * hooks into module loading, which jest's own module system would hide.
 */
function httpPatchedAfterTelemetry(env: Record<string, string>): boolean {
  const script = [
    `require(${JSON.stringify(path.join(__dirname, 'telemetry.ts'))});`,
    `const http = require('node:http');`,
    `process.stdout.write(JSON.stringify({ patched: Boolean(http.request.__wrapped) }));`,
    `process.exit(0);`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
    env: { PATH: process.env.PATH ?? '', OTEL_TRACES_EXPORTER: 'none', APP_ID: 'telemetry-test', ...env },
    encoding: 'utf8',
  });
  return (JSON.parse(out) as { patched: boolean }).patched;
}

describe('telemetry', () => {
  it('instruments http when tracing is on', () => {
    expect(httpPatchedAfterTelemetry({})).toBe(true);
  });

  it('leaves every module unpatched with OTEL_SDK_DISABLED=true, so tracing off costs nothing', () => {
    expect(httpPatchedAfterTelemetry({ OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});
