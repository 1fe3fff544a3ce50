import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Profile } from './layout';

const pidFile = (p: Profile, name: string): string => path.join(p.run, `${name}.pid`);

export function readPid(p: Profile, name: string): number | undefined {
  const file = pidFile(p, name);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts a long-running process detached, in its own process group, with its output in
 * `<logs>/<name>.log` and its pid in `<run>/<name>.pid`, so `npm stop` can find it later.
 */
export function startDetached(
  p: Profile,
  name: string,
  command: string,
  args: string[],
  opts: Pick<SpawnOptions, 'cwd' | 'env'> = {},
): number {
  mkdirSync(p.logs, { recursive: true });
  mkdirSync(p.run, { recursive: true });
  const out = openSync(path.join(p.logs, `${name}.log`), 'a');
  const child = spawn(command, args, { ...opts, detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  child.unref();
  writeFileSync(pidFile(p, name), String(child.pid));
  return child.pid;
}

/** Stops a process group started by `startDetached`: SIGTERM, then SIGKILL after a grace period. */
export async function stopDetached(p: Profile, name: string, graceMs = 10_000): Promise<boolean> {
  const pid = readPid(p, name);
  if (pid === undefined) return false;
  const signal = (s: NodeJS.Signals): void => {
    try {
      process.kill(-pid, s);
    } catch {
      try {
        process.kill(pid, s);
      } catch {
        // already gone
      }
    }
  };
  if (isAlive(pid)) {
    signal('SIGTERM');
    const deadline = Date.now() + graceMs;
    while (isAlive(pid) && Date.now() < deadline) await sleep(100);
    if (isAlive(pid)) signal('SIGKILL');
    while (isAlive(pid)) await sleep(50);
  }
  rmSync(pidFile(p, name), { force: true });
  return true;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** True if something accepts TCP connections on host:port (loopback by default). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1_000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  logHint?: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A check that throws a plain Error (not a fetch failure) means: stop waiting, it failed.
    const ok = await check().catch((err: unknown) => {
      if (err instanceof Error && err.message.endsWith('exited during start')) throw err;
      return false;
    });
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000}s${logHint ? ` (see ${logHint})` : ''}`);
}

export async function httpOk(url: string, headers: Record<string, string> = {}): Promise<boolean> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(2_000) });
  return res.ok;
}

/** Runs a short command to completion; throws with its output when it fails. */
export function run(
  command: string,
  args: string[],
  opts: Pick<SpawnOptions, 'cwd' | 'env'> & { input?: string } = {},
): string {
  const res = spawnSync(command, args, { ...opts, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${res.status ?? res.signal}):\n${res.stdout}${res.stderr}`);
  }
  return res.stdout;
}

/** Sends a signal to a process started by `startDetached` and to its group (for fault runs). */
export function signalDetached(p: Profile, name: string, signal: NodeJS.Signals): number {
  const pid = readPid(p, name);
  if (pid === undefined || !isAlive(pid)) throw new Error(`${name} is not running`);
  try {
    process.kill(-pid, signal);
  } catch {
    process.kill(pid, signal);
  }
  return pid;
}

/** `kill -9` a process started by `startDetached`: no shutdown hooks, no goodbye. */
export async function killDetached(p: Profile, name: string): Promise<void> {
  const pid = signalDetached(p, name, 'SIGKILL');
  while (isAlive(pid)) await sleep(20);
  rmSync(pidFile(p, name), { force: true });
}
