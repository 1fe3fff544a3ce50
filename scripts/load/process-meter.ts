/**
 * CPU time and resident memory of the platform's processes, read from /proc (Linux). Each
 * named process counts with its descendants: PostgreSQL's backends, the JVM's threads, a
 * shell's children. Sampling is cheap (one read of /proc per second) so it does not load the
 * machine it measures.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Profile } from '../platform/layout';

const TICKS_PER_SECOND = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const PAGE_BYTES = Number(spawnSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).stdout.trim()) || 4096;

interface ProcStat {
  pid: number;
  ppid: number;
  cpuTicks: number;
  rssBytes: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: split after its last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      cpuTicks: Number(fields[11]) + Number(fields[12]),
      rssBytes: Number(fields[21]) * PAGE_BYTES,
    };
  } catch {
    return undefined; // exited between listing and reading
  }
}

function allStats(): ProcStat[] {
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readStat(Number(d)))
    .filter((s): s is ProcStat => s !== undefined);
}

/** The platform's processes by name: the pid files under run/, and PostgreSQL's postmaster. */
export function platformPids(p: Profile): Map<string, number> {
  const pids = new Map<string, number>();
  if (existsSync(p.run)) {
    for (const f of readdirSync(p.run).filter((f) => f.endsWith('.pid'))) {
      const pid = Number(readFileSync(path.join(p.run, f), 'utf8').trim());
      if (pid > 0) pids.set(f.slice(0, -4), pid);
    }
  }
  const postmaster = path.join(p.data, 'postgres', 'postmaster.pid');
  if (existsSync(postmaster)) pids.set('postgres', Number(readFileSync(postmaster, 'utf8').split('\n')[0]));
  return pids;
}

export interface Usage {
  cpuSeconds: number;
  rssBytes: number;
}

/** CPU seconds so far and current RSS of each named process with all its descendants. */
export function usageByName(roots: Map<string, number>): Map<string, Usage> {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const s of stats) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const out = new Map<string, Usage>();
  for (const [name, pid] of roots) {
    const root = byPid.get(pid);
    if (!root) continue;
    let ticks = 0;
    let rss = 0;
    const todo = [root];
    while (todo.length > 0) {
      const s = todo.pop() as ProcStat;
      ticks += s.cpuTicks;
      rss += s.rssBytes;
      todo.push(...(children.get(s.pid) ?? []));
    }
    out.set(name, { cpuSeconds: ticks / TICKS_PER_SECOND, rssBytes: rss });
  }
  return out;
}

export interface ProcessUsage {
  name: string;
  cpuSeconds: number;
  peakRssBytes: number;
}

/**
 * Samples the platform's processes every second between `start()` and `stop()`: CPU seconds
 * used in between, and the highest RSS seen. Processes restarted in between (a fault run)
 * are followed by name; their CPU counts from their new start.
 */
export class ProcessMeter {
  private timer?: NodeJS.Timeout;
  private readonly first = new Map<string, { pid: number; cpu: number }>();
  private readonly carried = new Map<string, number>();
  private readonly last = new Map<string, { pid: number; cpu: number }>();
  private readonly peak = new Map<string, number>();

  private readonly extra = new Map<string, number>();

  constructor(private readonly p: Profile) {}

  /** Follows one more process (the load generator, which shares the machine). */
  track(name: string, pid: number): void {
    this.extra.set(name, pid);
  }

  private sample(): void {
    const pids = new Map([...platformPids(this.p), ...this.extra]);
    const usage = usageByName(pids);
    for (const [name, u] of usage) {
      const pid = pids.get(name) as number;
      const prev = this.last.get(name);
      if (!this.first.has(name)) this.first.set(name, { pid, cpu: u.cpuSeconds });
      else if (prev && prev.pid !== pid) {
        // Restarted: bank what the old process used, and count the new one from zero.
        this.carried.set(name, (this.carried.get(name) ?? 0) + prev.cpu - (this.first.get(name)?.cpu ?? 0));
        this.first.set(name, { pid, cpu: 0 });
      }
      this.last.set(name, { pid, cpu: u.cpuSeconds });
      this.peak.set(name, Math.max(this.peak.get(name) ?? 0, u.rssBytes));
    }
  }

  start(intervalMs = 1_000): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
    return this;
  }

  stop(): ProcessUsage[] {
    clearInterval(this.timer);
    this.sample();
    return [...this.last.keys()].sort().map((name) => ({
      name,
      cpuSeconds: (this.carried.get(name) ?? 0) + (this.last.get(name)?.cpu ?? 0) - (this.first.get(name)?.cpu ?? 0),
      peakRssBytes: this.peak.get(name) ?? 0,
    }));
  }
}
