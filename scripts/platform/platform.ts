import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startApp, startSidecar, type Infra, type Instance } from './apps';
import { ensureDatabases, startPostgres, stopPostgres } from './infra/postgres';
import { startKafka, stopKafka } from './infra/kafka';
import { startRedis, stopRedis } from './infra/redis';
import { startTempo, stopTempo } from './infra/tempo';
import { prometheusVersion, startPrometheus, stopPrometheus } from './infra/prometheus';
import { startKafkaLagExporter, stopKafkaLagExporter } from './infra/kafka-lag-exporter';
import { APPS, replicaPorts, versions, type AppId, type Profile } from './layout';
import { httpOk, isAlive, portInUse, readPid, sleep, stopDetached, waitFor } from './processes';
import { loadSecrets, type Secrets } from './secrets';

export interface StartOptions {
  log?: (line: string) => void;
  /** Extra environment per app, for tests that tune timeouts. */
  appEnv?: Record<string, string>;
}

export interface RunningPlatform {
  profile: Profile;
  secrets: Secrets;
  infra: Infra;
  appEnv: Record<string, string>;
}

const PROCESS_NAMES = [
  ...APPS.flatMap((a) => [a, `${a}-daprd`]),
  'kafka',
  'redis',
  'tempo',
  'prometheus',
  'kafka-lag-exporter',
];

export function runningProcesses(p: Profile): string[] {
  const names = [...PROCESS_NAMES, ...replicaNames(p)].filter((n) => {
    const pid = readPid(p, n);
    return pid !== undefined && isAlive(pid);
  });
  if (existsSync(path.join(p.data, 'postgres', 'postmaster.pid'))) names.push('postgres');
  return names;
}

function portsToBind(p: Profile): [string, number][] {
  const list: [string, number][] = [];
  if (!process.env.PLATFORM_KAFKA_BROKERS)
    list.push(['kafka', p.kafkaPort], ['kafka controller', p.kafkaControllerPort]);
  if (!process.env.PLATFORM_POSTGRES_URL) list.push(['postgres', p.postgresPort]);
  if (!process.env.PLATFORM_REDIS_URL) list.push(['redis', p.redisPort]);
  list.push(['tempo http', p.tempo.http], ['tempo otlp grpc', p.tempo.otlpGrpc], ['tempo otlp http', p.tempo.otlpHttp]);
  list.push(['tempo grpc', p.tempo.internalGrpc]);
  list.push(['prometheus', p.prometheus], ['kafka lag exporter', p.kafkaLagExporter]);
  for (const app of APPS) {
    const a = p.apps[app];
    list.push([app, a.app], [`${app} daprd http`, a.daprHttp], [`${app} daprd grpc`, a.daprGrpc]);
    list.push([`${app} daprd internal grpc`, a.daprInternalGrpc], [`${app} daprd metrics`, a.daprMetrics]);
  }
  return list;
}

/** The first lines of a log that match, e.g. its warnings. */
function logLines(p: Profile, name: string, match: RegExp, lines: number): string {
  const file = path.join(p.logs, `${name}.log`);
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => match.test(l))
    .slice(0, lines)
    .join('\n');
}

function logTail(p: Profile, name: string, lines = 15): string {
  const file = path.join(p.logs, `${name}.log`);
  if (!existsSync(file)) return '';
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** True once the app's daprd invokes the app (its app channel is up). */
function sidecarRoutes(secrets: Secrets, p: Profile, app: AppId): Promise<boolean> {
  return httpOk(`http://127.0.0.1:${p.apps[app].daprHttp}/v1.0/invoke/${app}/method/healthz`, {
    'dapr-api-token': secrets.tokens[app].daprApiToken,
  });
}

/** Starts infrastructure, then every app beside its daprd; resolves when all are ready. */
export async function startPlatform(p: Profile, opts: StartOptions = {}): Promise<RunningPlatform> {
  const log = opts.log ?? (() => undefined);
  const t0 = Date.now();
  const elapsed = (): string => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

  const already = runningProcesses(p);
  if (already.length > 0)
    throw new Error(`the ${p.name} platform is already (partly) running: ${already.join(', ')}. Run 'npm stop' first.`);
  const taken: string[] = [];
  for (const [what, port] of portsToBind(p)) if (await portInUse(port)) taken.push(`${port} (${what})`);
  if (taken.length > 0) {
    throw new Error(
      `ports already in use by another program: ${taken.join(', ')}. Free them, or set PLATFORM_PORT_BASE to move the platform's ports.`,
    );
  }

  const secrets = loadSecrets(p);
  const v = versions();
  const kafka = startKafka(p);
  log(
    kafka.external
      ? `Kafka: using ${kafka.brokers} (PLATFORM_KAFKA_BROKERS)`
      : `Kafka ${v.KAFKA_VERSION}: starting on ${kafka.brokers} (KRaft)`,
  );
  const redis = startRedis(p, secrets);
  log(redis.external ? `Redis: using ${redis.host} (PLATFORM_REDIS_URL)` : `Redis: starting on ${redis.host}`);
  const postgres = startPostgres(p, secrets);
  log(
    postgres.external
      ? 'PostgreSQL: using PLATFORM_POSTGRES_URL'
      : `PostgreSQL: started on 127.0.0.1:${p.postgresPort} (${elapsed()})`,
  );

  startTempo(p);
  log(
    `Tempo ${v.TEMPO_VERSION}: starting (traces; API on ${p.tempo.http}, OTLP on ${p.tempo.otlpGrpc}/${p.tempo.otlpHttp})`,
  );

  startPrometheus(p);
  log(`Prometheus ${prometheusVersion()}: starting on ${p.prometheus} (scrapes every app and sidecar)`);

  const [kHost, kPort] = kafka.brokers.split(',')[0]!.split(':');
  await waitFor('Kafka', () => portInUse(Number(kPort), kHost), 90_000, path.join(p.logs, 'kafka.log'));
  log(`Kafka: ready (${elapsed()})`);
  startKafkaLagExporter(p, kafka.brokers);
  if (!redis.external) await waitFor('Redis', () => portInUse(p.redisPort), 30_000, path.join(p.logs, 'redis.log'));
  await waitFor(
    'Tempo',
    () => httpOk(`http://127.0.0.1:${p.tempo.http}/ready`),
    60_000,
    path.join(p.logs, 'tempo.log'),
  );
  await waitFor(
    'Prometheus',
    () => httpOk(`http://127.0.0.1:${p.prometheus}/-/ready`),
    60_000,
    path.join(p.logs, 'prometheus.log'),
  );
  await waitFor(
    'the Kafka lag exporter',
    () => httpOk(`http://127.0.0.1:${p.kafkaLagExporter}/healthz`),
    30_000,
    path.join(p.logs, 'kafka-lag-exporter.log'),
  );
  const databaseUrls = await ensureDatabases(p, postgres, secrets);
  log(`Databases: ${Object.keys(databaseUrls).length} ready (${elapsed()})`);

  const infra: Infra = {
    kafkaBrokers: kafka.brokers,
    redisHost: redis.host,
    redisPassword: redis.password,
    databaseUrls,
  };
  for (const app of APPS) {
    startApp(p, app, secrets, infra, opts.appEnv);
    startSidecar(p, app, secrets, infra);
  }
  log(`Apps: ${APPS.length} apps and ${APPS.length} daprd sidecars starting`);
  await Promise.all(
    APPS.map(async (app) => {
      const ports = p.apps[app];
      const exited = (name: string): void => {
        const pid = readPid(p, name);
        if (pid === undefined || !isAlive(pid)) throw new Error(`${name} exited during start`);
      };
      try {
        await waitFor(
          `${app}'s daprd`,
          async () => {
            exited(app);
            exited(`${app}-daprd`);
            return httpOk(`http://127.0.0.1:${ports.daprHttp}/v1.0/healthz`);
          },
          120_000,
        );
        await waitFor(app, () => httpOk(`http://127.0.0.1:${ports.app}/readyz`), 60_000);
        // Ready is not yet reachable: daprd routes calls and events to its app only once its
        // app channel is up. Until then other apps' calls fail fast (and count against their
        // breakers), so wait for it here.
        await waitFor(`${app}'s sidecar to route to it`, () => sidecarRoutes(secrets, p, app), 60_000);
      } catch (err) {
        throw new Error(
          `${(err as Error).message}\n--- ${app}.log ---\n${logTail(p, app)}\n--- ${app}-daprd.log ---\n${logTail(p, `${app}-daprd`)}`,
          { cause: err },
        );
      }
      log(`  ${app}: ready (${elapsed()})`);
    }),
  );
  // And every app is reachable from another app's sidecar: the first real call between
  // services must not be the one that finds out.
  for (const app of APPS) await ensureReachable({ profile: p, secrets, infra, appEnv: opts.appEnv ?? {} }, app, log);
  log(`All ready in ${elapsed()}`);
  return { profile: p, secrets, infra, appEnv: opts.appEnv ?? {} };
}

/** One probe from the gateway's sidecar to an app; the failure text when it fails. */
async function probeFromGateway(running: RunningPlatform, app: AppId): Promise<string | undefined> {
  const p = running.profile;
  try {
    const res = await fetch(`http://127.0.0.1:${p.apps.gateway.daprHttp}/v1.0/invoke/${app}/method/healthz`, {
      headers: { 'dapr-api-token': running.secrets.tokens.gateway.daprApiToken },
      signal: AbortSignal.timeout(2_000),
    });
    return res.ok ? undefined : `HTTP ${res.status} ${await res.text()}`;
  } catch (err) {
    return String(err);
  }
}

/**
 * Waits until the gateway's sidecar reaches the app. Seen on loaded CI machines: one sidecar's
 * connection to another stays failing for minutes while both are healthy. With a Resiliency
 * target for the app, daprd keeps a failing gRPC connection instead of redialling it (it
 * redials only without one), so it waits out gRPC's reconnect backoff (up to 2 minutes). After
 * 30 s both sidecars are restarted, which gives fresh connections; the start says so.
 */
export async function ensureReachable(
  running: RunningPlatform,
  app: AppId,
  log: (line: string) => void,
): Promise<void> {
  const p = running.profile;
  let first = '';
  let last = '';
  for (let attempt = 1; attempt <= 3; attempt++) {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const failure = await probeFromGateway(running, app);
      if (failure === undefined) return;
      last = failure;
      // The breaker's "open" hides the failure that opened it: keep the first other one too.
      if (!first && !failure.includes('circuit breaker is open')) first = failure;
      await sleep(250);
    }
    if (attempt === 3) break;
    log(`  ${app} is not reachable from the gateway's sidecar (${first || last}): restarting both sidecars`);
    for (const name of new Set<AppId>(['gateway', app])) {
      await stopDetached(p, `${name}-daprd`);
      startSidecar(p, name, running.secrets, running.infra);
    }
    for (const name of new Set<AppId>(['gateway', app])) {
      await waitFor(`${name}'s daprd`, () => httpOk(`http://127.0.0.1:${p.apps[name].daprHttp}/v1.0/healthz`), 60_000);
      await waitFor(`${name}'s sidecar to route to it`, () => sidecarRoutes(running.secrets, p, name), 60_000);
    }
  }
  const warnings = (name: string): string => logLines(p, name, /"level":"(warning|error|fatal)"/, 30);
  throw new Error(
    `${app} was not reachable from the gateway's sidecar within 90s, sidecars restarted twice; first failure: ${first}; last answer: ${last}\n--- gateway-daprd.log (warnings) ---\n${warnings('gateway-daprd')}\n--- ${app}-daprd.log (warnings) ---\n${warnings(`${app}-daprd`)}`,
  );
}

/** Stops one app and leaves its sidecar running: an outage, as fault tests need. */
export async function stopApp(p: Profile, app: AppId): Promise<void> {
  await stopDetached(p, app);
}

/**
 * Starts an app stopped by `stopApp` again and waits until its sidecar, too, reaches it, so
 * calls and deliveries through the sidecar get through.
 */
export async function restartApp(running: RunningPlatform, app: AppId, nodeArgs: string[] = []): Promise<void> {
  const p = running.profile;
  startApp(p, app, running.secrets, running.infra, running.appEnv, undefined, nodeArgs);
  await waitFor(
    app,
    () => httpOk(`http://127.0.0.1:${p.apps[app].app}/readyz`),
    60_000,
    path.join(p.logs, `${app}.log`),
  );
  await waitFor(`${app}'s sidecar to route to it`, () => sidecarRoutes(running.secrets, p, app), 30_000);
}

/**
 * Starts one more copy of an app beside its own daprd (same app id), as a second replica in a
 * cluster would run; resolves when it is ready. Tests use it to run two gateways.
 */
export async function startReplica(
  running: RunningPlatform,
  app: AppId,
  replica: number,
  extraEnv: Record<string, string> = {},
): Promise<Instance> {
  const p = running.profile;
  const instance: Instance = { name: `${app}-${replica}`, ports: replicaPorts(p, replica) };
  startApp(p, app, running.secrets, running.infra, { ...running.appEnv, ...extraEnv }, instance);
  startSidecar(p, app, running.secrets, running.infra, instance);
  await waitFor(
    `${instance.name}'s daprd`,
    () => httpOk(`http://127.0.0.1:${instance.ports.daprHttp}/v1.0/healthz`),
    120_000,
    path.join(p.logs, `${instance.name}-daprd.log`),
  );
  await waitFor(instance.name, () => httpOk(`http://127.0.0.1:${instance.ports.app}/readyz`), 60_000);
  return instance;
}

/** Pid files of replicas started by `startReplica` (`<app>-<n>` and `<app>-<n>-daprd`). */
function replicaNames(p: Profile): string[] {
  if (!existsSync(p.run)) return [];
  return readdirSync(p.run)
    .map((f) => /^(.+-\d+(?:-daprd)?)\.pid$/.exec(f)?.[1])
    .filter((n): n is string => n !== undefined);
}

/** Stops every process of the profile, apps first so nothing is left mid-publish; keeps the data. */
export async function stopPlatform(p: Profile, log: (line: string) => void = () => undefined): Promise<void> {
  const replicas = replicaNames(p);
  await Promise.all(replicas.filter((n) => !n.endsWith('-daprd')).map((n) => stopDetached(p, n)));
  await Promise.all(replicas.filter((n) => n.endsWith('-daprd')).map((n) => stopDetached(p, n)));
  await Promise.all(APPS.map((a) => stopDetached(p, a)));
  await Promise.all(APPS.map((a) => stopDetached(p, `${a}-daprd`)));
  if (await stopKafkaLagExporter(p)) log('Kafka lag exporter stopped');
  if (await stopKafka(p)) log('Kafka stopped');
  if (await stopRedis(p)) log('Redis stopped');
  if (await stopTempo(p)) log('Tempo stopped');
  if (await stopPrometheus(p)) log('Prometheus stopped');
  stopPostgres(p);
  log('PostgreSQL stopped');
}

/** Deletes the profile's data (databases, topics, state); secrets and logs go too. */
export function resetPlatform(p: Profile): void {
  const left = runningProcesses(p);
  if (left.length > 0) throw new Error(`stop the platform first ('npm stop'): still running: ${left.join(', ')}`);
  rmSync(p.home, { recursive: true, force: true });
}

export function urlTable(p: Profile): string {
  const rows: [string, string][] = [
    ['gateway (public API)', `http://127.0.0.1:${p.apps.gateway.app}/api/v1`],
    ['API docs (OpenAPI)', `http://127.0.0.1:${p.apps.gateway.app}/api/v1/docs/`],
    ...APPS.filter((a) => a !== 'gateway').map((a): [string, string] => [
      `${a} (via its sidecar)`,
      `http://127.0.0.1:${p.apps[a].daprHttp}/v1.0/invoke/${a}/method/`,
    ]),
    ...APPS.map((a): [string, string] => [`${a} daprd metrics`, `http://127.0.0.1:${p.apps[a].daprMetrics}/metrics`]),
    ['Tempo (traces API)', `http://127.0.0.1:${p.tempo.http}/api/traces/<traceId>`],
    ['Prometheus (metrics)', `http://127.0.0.1:${p.prometheus}`],
    ['Kafka consumer lag', `http://127.0.0.1:${p.kafkaLagExporter}/metrics`],
    ['OTLP (traces in)', `http://127.0.0.1:${p.tempo.otlpHttp} (HTTP), 127.0.0.1:${p.tempo.otlpGrpc} (gRPC)`],
    ['Kafka', process.env.PLATFORM_KAFKA_BROKERS ?? `127.0.0.1:${p.kafkaPort}`],
    ['PostgreSQL', process.env.PLATFORM_POSTGRES_URL ? '(PLATFORM_POSTGRES_URL)' : `127.0.0.1:${p.postgresPort}`],
    ['Redis', process.env.PLATFORM_REDIS_URL ? '(PLATFORM_REDIS_URL)' : `127.0.0.1:${p.redisPort}`],
    ['logs', p.logs],
  ];
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`).join('\n');
}
