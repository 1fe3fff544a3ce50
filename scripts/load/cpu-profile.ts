/**
 * Where a Node app spends its CPU: V8's own sampling profiler (`node --cpu-prof`), run on the
 * apps under load, and summarised by where the code comes from (our services, each npm package,
 * Node's internals, garbage collection). This is the profile behind "what bounds throughput".
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { APPS, type AppId } from '../platform/layout';
import { restartApp, type RunningPlatform } from '../platform/platform';
import { stopDetached } from '../platform/processes';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  what: string;
  percent: number;
}

export interface AppProfile {
  app: string;
  sampledSeconds: number;
  /** Seconds per origin, all of them (aggregated into the report's families). */
  allOrigins: [string, number][];
  /** Share of busy time (idle excluded) by origin of the code. */
  byOrigin: Share[];
  /** The busiest functions (self time). */
  topFunctions: Share[];
}

/** The code's origin: an npm package, our own workspace, a part of Node, or V8 itself. */
export function originOf(url: string, functionName: string): string {
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8 garbage collector';
    if (functionName === '(program)') return 'V8/native (outside JS)';
    // Native bindings of sockets and streams: the time of the write system calls themselves.
    if (/^(writev|writeBuffer|write\w*String|writeUtf8String)$/.test(functionName)) return 'native socket writes';
    return functionName || 'native';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.startsWith('node:')) {
    const m = /^node:(?:internal\/)?([^/]+)/.exec(url);
    return `node:${m?.[1] ?? 'internal'}`;
  }
  const own = /\/(services|packages)\/([^/]+)\//.exec(url);
  if (own) return `our code (${own[1]}/${own[2]})`;
  return 'other';
}

export function summarise(app: string, profile: CpuProfile): AppProfile {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const origin = new Map<string, number>();
  const fns = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of self) {
    const n = byId.get(id);
    if (!n || n.callFrame.functionName === '(idle)') continue;
    busy += us;
    const o = originOf(n.callFrame.url, n.callFrame.functionName);
    origin.set(o, (origin.get(o) ?? 0) + us);
    const file = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(services|packages)\//, '$1/');
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
    fns.set(fn, (fns.get(fn) ?? 0) + us);
  }
  const shares = (m: Map<string, number>, limit: number): Share[] =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([what, us]) => ({ what, percent: Math.round((us / Math.max(busy, 1)) * 1000) / 10 }));
  return {
    app,
    sampledSeconds: busy / 1e6,
    allOrigins: [...origin.entries()].map(([o, us]): [string, number] => [o, us / 1e6]),
    byOrigin: shares(origin, 12),
    topFunctions: shares(fns, 10),
  };
}

const NODE_APPS: AppId[] = [...APPS];

/** Restarts every app with the profiler on; `finish` stops them (writing the profiles) and restarts them plainly. */
export async function profileApps(running: RunningPlatform): Promise<{ finish: () => Promise<AppProfile[]> }> {
  const p = running.profile;
  const dir = path.join(p.home, 'cpu-profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const app of NODE_APPS) {
    await stopDetached(p, app);
    await restartApp(running, app, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${app}.cpuprofile`]);
  }
  return {
    finish: async () => {
      const out: AppProfile[] = [];
      for (const app of NODE_APPS) {
        await stopDetached(p, app, 30_000);
        const file = path.join(dir, `${app}.cpuprofile`);
        if (existsSync(file)) out.push(summarise(app, JSON.parse(readFileSync(file, 'utf8')) as CpuProfile));
        await restartApp(running, app);
      }
      return out;
    },
  };
}

/** A coarser grouping of origins, for the headline: which kind of work the CPU does. */
export function familyOf(origin: string): string {
  if (origin.startsWith('@opentelemetry/')) return 'OpenTelemetry (tracing)';
  if (origin === 'native socket writes') return 'socket writes (system calls)';
  if (origin === 'node:deps') return 'undici (fetch to the sidecars)';
  if (origin.startsWith('node:')) return 'Node internals (http, streams, events)';
  if (origin.startsWith('our code')) return 'our code';
  if (['pg', 'pg-protocol', 'pg-pool'].includes(origin)) return 'pg (PostgreSQL driver)';
  if (['express', 'router', 'body-parser', 'raw-body', 'iconv-lite'].includes(origin)) return 'Express';
  if (['pino', 'pino-std-serializers', 'sonic-boom', 'fast-redact', 'thread-stream'].includes(origin))
    return 'pino (logs)';
  if (origin === 'zod') return 'zod (validation)';
  if (origin.startsWith('V8')) return origin;
  return 'other packages and natives';
}
