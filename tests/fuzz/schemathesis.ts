/**
 * Drives schemathesis (an independent, property-based API fuzzer from PyPI) against the
 * gateway, from the OpenAPI document the gateway serves. It passes when schemathesis finds
 * no 5xx and no response outside the document: wrong status, content type, headers or body.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TOOLS, versions } from '../../scripts/platform/layout';

export interface FuzzRun {
  /** Gateway origin, for example http://127.0.0.1:22001. */
  gateway: string;
  token: string;
  /** Names the report folder: reports/fuzz/<label>/. */
  label: string;
  maxExamples: number;
  reportRoot: string;
  seed?: number;
}

export interface FuzzResult {
  exitCode: number;
  /** The summary block schemathesis prints last. */
  summary: string;
  log: string;
  junit: string;
}

/**
 * Every check but `positive_data_acceptance`: that one expects any schema-valid request to
 * succeed, but schema-valid ids and SKUs that do not exist are rightly answered 404 or 422.
 * The coverage phase is left out: schemathesis 4.32 crashes inside it on this document
 * (a CPython "AST constructor recursion depth" error), which says nothing about the API.
 */
const CHECKS = ['--checks', 'all', '--exclude-checks', 'positive_data_acceptance'];

export function schemathesisBinary(): string {
  return path.join(TOOLS, `schemathesis-${versions().SCHEMATHESIS_VERSION}`, 'bin', 'st');
}

export async function runSchemathesis(run: FuzzRun): Promise<FuzzResult> {
  const dir = path.join(run.reportRoot, run.label);
  mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'schemathesis.log');
  const junit = path.join(dir, 'junit.xml');
  const args = [
    'run',
    `${run.gateway}/api/v1/openapi.json`,
    '--header',
    `Authorization: Bearer ${run.token}`,
    ...CHECKS,
    '--phases',
    'examples,fuzzing',
    '--max-examples',
    String(run.maxExamples),
    '--workers',
    '2',
    '--request-timeout',
    '30',
    '--report',
    'junit',
    '--report-junit-path',
    junit,
    '--generation-database',
    'none',
    '--no-color',
    ...(run.seed === undefined ? [] : ['--seed', String(run.seed)]),
  ];
  const out = createWriteStream(log);
  const lines: string[] = [];
  const exitCode = await new Promise<number>((resolve, reject) => {
    const child = spawn(schemathesisBinary(), args, { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: '1' } });
    const collect = (chunk: Buffer): void => {
      out.write(chunk);
      lines.push(...chunk.toString('utf8').split('\n'));
      if (lines.length > 400) lines.splice(0, lines.length - 400);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  out.end();
  const start = lines.findIndex((l) => /=+ (SUMMARY|FAILURES) =+/.test(l));
  return { exitCode, summary: lines.slice(start >= 0 ? start : -40).join('\n'), log, junit };
}
