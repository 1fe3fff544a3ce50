/**
 * `npm run fuzz`: a long schemathesis run against a fresh test platform, once as a customer
 * and once as an admin. Reports go to reports/fuzz/. FUZZ_EXAMPLES sets the examples per
 * operation (default 200); FUZZ_SEED repeats a run.
 */
import path from 'node:path';
import { signDevToken } from '../../scripts/platform/dev-keys';
import { profile, ROOT } from '../../scripts/platform/layout';
import { resetPlatform, startPlatform, stopPlatform } from '../../scripts/platform/platform';
import { FUZZ_APP_ENV } from './fuzz-env';
import { runSchemathesis, seedFuzzData } from './schemathesis';

async function main(): Promise<void> {
  const p = profile('test');
  const maxExamples = Number(process.env.FUZZ_EXAMPLES ?? 200);
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  const reportRoot = path.join(ROOT, 'reports', 'fuzz');
  const log = (line: string): void => console.log(`==> ${line}`);
  await stopPlatform(p);
  resetPlatform(p);
  await startPlatform(p, { log, appEnv: FUZZ_APP_ENV });
  let failed = false;
  try {
    for (const [label, role] of [
      ['customer', 'customer'],
      ['admin', 'admin'],
    ] as const) {
      log(`schemathesis as ${label}, ${maxExamples} examples per operation`);
      const sub = `fuzz-${label}`;
      const token = await signDevToken({ sub, role, ttlSeconds: 3 * 3600 });
      const gateway = `http://127.0.0.1:${p.apps.gateway.app}`;
      const result = await runSchemathesis({
        gateway,
        known: await seedFuzzData(gateway, token, sub),
        token,
        label,
        maxExamples,
        reportRoot,
        ...(seed === undefined ? {} : { seed }),
      });
      console.log(result.summary);
      log(`${label}: exit ${result.exitCode}; log ${result.log}; JUnit ${result.junit}`);
      failed ||= result.exitCode !== 0;
    }
  } finally {
    await stopPlatform(p);
  }
  if (failed) process.exit(1);
}

main().catch((err: unknown) => {
  console.error(`xx ${(err as Error).message}`);
  process.exit(1);
});
