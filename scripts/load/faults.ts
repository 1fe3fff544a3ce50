/**
 * The faults of a fault run, each injected on the real processes and then undone the way an
 * operator (or Kubernetes) would: a process killed with SIGKILL is started again, a restarted
 * server comes back on its data, a stopped consumer is continued after its Kafka session expired.
 */
import path from 'node:path';
import { startApp, startSidecar } from '../platform/apps';
import { startKafka, stopKafka } from '../platform/infra/kafka';
import { startPostgres, stopPostgres } from '../platform/infra/postgres';
import { startRedis, stopRedis } from '../platform/infra/redis';
import { APPS, type AppId } from '../platform/layout';
import { ensureReachable, type RunningPlatform } from '../platform/platform';
import { httpOk, killDetached, portInUse, signalDetached, sleep, waitFor } from '../platform/processes';

export type FaultKind =
  'kill-app' | 'kill-daprd' | 'restart-kafka' | 'restart-postgres' | 'restart-redis' | 'stop-consumer';

export interface Fault {
  kind: FaultKind;
  /** The process: an app id, `<app>-daprd`, kafka, postgres or redis. */
  target: string;
}

export interface InjectedFault extends Fault {
  at: string;
  /** How long the target was down (or stopped). */
  downSeconds: number;
  /** From the fault to the target being back and reachable. */
  recoveredAfterSeconds: number;
  note?: string;
}

/** The apps whose sidecars consume from Kafka. */
export const CONSUMERS: AppId[] = ['order', 'inventory', 'payment', 'notification'];

/** Dapr's Kafka component: a consumer without heartbeats for this long leaves its group. */
export const KAFKA_SESSION_TIMEOUT_S = 10;

/** Every fault the issue lists, once each: every app and every daprd, the three servers, a stopped consumer. */
export function allFaults(random: () => number): Fault[] {
  const consumer = CONSUMERS[Math.floor(random() * CONSUMERS.length)] as AppId;
  return [
    ...APPS.map((a): Fault => ({ kind: 'kill-app', target: a })),
    ...APPS.map((a): Fault => ({ kind: 'kill-daprd', target: `${a}-daprd` })),
    { kind: 'restart-kafka', target: 'kafka' },
    { kind: 'restart-postgres', target: 'postgres' },
    { kind: 'restart-redis', target: 'redis' },
    { kind: 'stop-consumer', target: `${consumer}-daprd` },
  ];
}

/** A small deterministic generator, so a run can be repeated with its seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export function shuffle<T>(list: T[], random: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

const appOf = (target: string): AppId => target.replace(/-daprd$/, '') as AppId;

async function appBack(running: RunningPlatform, app: AppId): Promise<void> {
  const p = running.profile;
  await waitFor(
    app,
    () => httpOk(`http://127.0.0.1:${p.apps[app].app}/readyz`),
    60_000,
    path.join(p.logs, `${app}.log`),
  );
}

async function sidecarBack(running: RunningPlatform, app: AppId): Promise<void> {
  const p = running.profile;
  await waitFor(
    `${app}'s daprd`,
    () => httpOk(`http://127.0.0.1:${p.apps[app].daprHttp}/v1.0/healthz`),
    60_000,
    path.join(p.logs, `${app}-daprd.log`),
  );
}

/** Injects one fault, waits `downSeconds`, undoes it, and waits until the target serves again. */
export async function inject(
  running: RunningPlatform,
  fault: Fault,
  downSeconds: number,
  log: (line: string) => void,
): Promise<InjectedFault> {
  const p = running.profile;
  const t0 = Date.now();
  const at = new Date(t0).toISOString();
  let note: string | undefined;
  const notes: string[] = [];
  const reach = async (app: AppId): Promise<void> => {
    // The gateway's sidecar must reach the app again; the platform's own check (it restarts
    // the two sidecars if a connection stays broken) says so if it had to.
    await ensureReachable(running, app, (l) => notes.push(l.trim()));
  };
  switch (fault.kind) {
    case 'kill-app': {
      const app = fault.target as AppId;
      await killDetached(p, app);
      await sleep(downSeconds * 1000);
      startApp(p, app, running.secrets, running.infra, running.appEnv);
      await appBack(running, app);
      await reach(app);
      break;
    }
    case 'kill-daprd': {
      const app = appOf(fault.target);
      await killDetached(p, fault.target);
      await sleep(downSeconds * 1000);
      startSidecar(p, app, running.secrets, running.infra);
      await sidecarBack(running, app);
      await reach(app);
      break;
    }
    case 'stop-consumer': {
      const app = appOf(fault.target);
      signalDetached(p, fault.target, 'SIGSTOP');
      await sleep(downSeconds * 1000);
      signalDetached(p, fault.target, 'SIGCONT');
      await sidecarBack(running, app);
      await reach(app);
      break;
    }
    case 'restart-kafka': {
      await stopKafka(p);
      await sleep(downSeconds * 1000);
      startKafka(p);
      await waitFor('Kafka', () => portInUse(p.kafkaPort), 90_000, path.join(p.logs, 'kafka.log'));
      break;
    }
    case 'restart-postgres': {
      stopPostgres(p);
      await sleep(downSeconds * 1000);
      startPostgres(p, running.secrets);
      break;
    }
    case 'restart-redis': {
      await stopRedis(p);
      await sleep(downSeconds * 1000);
      startRedis(p, running.secrets);
      await waitFor('Redis', () => portInUse(p.redisPort), 30_000, path.join(p.logs, 'redis.log'));
      break;
    }
  }
  if (notes.length > 0) note = notes.join('; ');
  const done: InjectedFault = {
    ...fault,
    at,
    downSeconds,
    recoveredAfterSeconds: (Date.now() - t0) / 1000,
    ...(note ? { note } : {}),
  };
  log(
    `fault ${fault.kind} ${fault.target}: down ${downSeconds.toFixed(1)}s, back after ${done.recoveredAfterSeconds.toFixed(1)}s${note ? ` (${note})` : ''}`,
  );
  return done;
}
