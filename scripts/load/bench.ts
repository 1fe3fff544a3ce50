/**
 * npm run bench [-- --smoke] [-- --rates 25,50,100] [-- --stage-seconds 30]
 *
 * Boots the platform (profile `load`, from empty data), then drives orders through the public
 * API with k6 at fixed arrival rates, one stage per rate, ramping up until a stage is no longer
 * sustained. Per stage it reports accepted requests/s, completed sagas/s, accepted→terminal
 * latency, lag per hop, and CPU seconds and peak RSS per process and per saga. Then it
 * measures the outbox relay through daprd into Kafka, bulk and single. Reports go to
 * reports/bench.{json,md} (the smoke size to .platform/<profile>/reports).
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { profile as profileNamed, type Profile } from '../platform/layout';
import { stopPlatform } from '../platform/platform';
import { sleep } from '../platform/processes';
import { runLoad, type LoadResult } from './k6';
import { restock, startLoadPlatform, type LoadPlatform } from './load-platform';
import { describeMachine, type Machine } from './machine';
import { platformPids, ProcessMeter, usageByName, type ProcessUsage } from './process-meter';
import { benchRelay, type RelayResult } from './relay-bench';
import { familyOf, profileApps, type AppProfile, type Share } from './cpu-profile';
import { mib, ms, REPORTS, table, writeReport } from './report';
import { drained, hopLatencies, maxConsumerLag, type GroupLag, type Hop, type StageOrders } from './saga-stats';

export interface BenchOptions {
  profile: Profile;
  rates: number[];
  stageSeconds: number;
  relayEvents: number;
  /** How long a stage's orders may take to finish after its load stops. */
  drainSeconds: number;
  idleSettleSeconds: number;
  /** Profile the apps (node --cpu-prof) in one more stage when the saga target is missed. */
  cpuProfile: boolean;
  smoke: boolean;
  /** Extra environment for every app (e.g. OTEL_SDK_DISABLED=true), to compare configurations. */
  appEnv: Record<string, string>;
  log: (line: string) => void;
}

export interface StageReport {
  rate: number;
  durationSeconds: number;
  windowSeconds: number;
  load: Omit<LoadResult, 'orders' | 'mismatches'> & { acceptedPerSecond: number };
  orders: Omit<StageOrders, 'ids'>;
  hops: Hop[];
  consumerLag: GroupLag[];
  processes: (ProcessUsage & { cpuMsPerSaga: number })[];
  cpuSeconds: number;
  /** CPU seconds used / (wall seconds × cores): 1 means every core was busy. */
  cpuUtilisation: number;
  cpuMsPerSaga: number;
  sustained: boolean;
  notSustainedBecause: string[];
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  gap?: string;
}

export interface BenchReport {
  kind: 'bench';
  size: 'full' | 'smoke';
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  method: string[];
  /** At rest: memory, and CPU (cores busy) from timers, polling and scrapes alone. */
  idle: { totalRssBytes: number; cpuCores: number; processes: { name: string; rssBytes: number; cpuCores: number }[] };
  stages: StageReport[];
  relay: RelayResult[];
  maxSustainedSagasPerSecond: number;
  /** V8 CPU profiles of the apps during one more stage at the saturating rate. */
  cpuProfile?: { rate: number; combined: Share[]; apps: AppProfile[] };
  targets: Target[];
  bound: string[];
}

const TARGET_RELAY = 2000;
const TARGET_SAGAS = 300;
const TARGET_P99_MS = 1000;
const TARGET_IDLE_RSS = 2.5e9;

/** What a run changed from the development configuration, so a report says what it measured. */
export function configurationChanges(appEnv: Record<string, string>, env: NodeJS.ProcessEnv = process.env): string {
  const changes = Object.entries(appEnv).map(([k, v]) => `${k}=${v} in every app`);
  if (env.PLATFORM_TRACE_SAMPLING_RATE !== undefined) {
    changes.push(`trace sampling ${env.PLATFORM_TRACE_SAMPLING_RATE} (sidecars and apps)`);
  }
  return changes.length > 0 ? `, except: ${changes.join('; ')}` : '';
}

function judgeStage(rate: number, load: LoadResult, orders: StageOrders): string[] {
  const why: string[] = [];
  if (load.gaveUp > 0) why.push(`${load.gaveUp} orders not accepted after retries`);
  if (load.dropped > 0) why.push(`${load.dropped} arrivals dropped by k6 (all virtual users busy)`);
  if (orders.terminal < orders.total) why.push(`${orders.total - orders.terminal} orders not terminal after the drain`);
  if (orders.endToEndMs.p99 > TARGET_P99_MS) why.push(`p99 ${ms(orders.endToEndMs.p99)} > ${TARGET_P99_MS} ms`);
  if (orders.completedPerSecond < rate * 0.95)
    why.push(`completed ${orders.completedPerSecond.toFixed(1)}/s < 95% of ${rate}/s offered`);
  return why;
}

async function runStage(lp: LoadPlatform, opts: BenchOptions, rate: number, runId: string): Promise<StageReport> {
  const meter = new ProcessMeter(opts.profile).start();
  const t0 = Date.now();
  const load = await runLoad(
    {
      runId,
      gateway: lp.gateway,
      token: lp.token,
      rate,
      durationSeconds: opts.stageSeconds,
      retryForSeconds: 10,
      workDir: path.join(opts.profile.home, 'k6'),
    },
    (pid) => meter.track('k6 (load generator)', pid),
  );
  const orders = await drained(lp.running, runId, opts.drainSeconds * 1000);
  const processes = meter.stop();
  const windowSeconds = (Date.now() - t0) / 1000;
  // The load generator shares the machine; it is reported, not counted against the platform.
  const platform = processes.filter((p) => !p.name.startsWith('k6'));
  const cpuSeconds = platform.reduce((n, p) => n + p.cpuSeconds, 0);
  const allCpu = processes.reduce((n, p) => n + p.cpuSeconds, 0);
  const perSaga = (cpu: number): number => (orders.terminal > 0 ? (cpu * 1000) / orders.terminal : 0);
  const hops = await hopLatencies(lp.running, orders.ids);
  const consumerLag = await maxConsumerLag(lp.running, windowSeconds).catch(() => []);
  const why = judgeStage(rate, load, orders);
  const { ids: _ids, ...orderStats } = orders;
  const { orders: _o, mismatches: _m, ...loadStats } = load;
  return {
    rate,
    durationSeconds: opts.stageSeconds,
    windowSeconds,
    load: { ...loadStats, acceptedPerSecond: load.accepted / opts.stageSeconds },
    orders: orderStats,
    hops,
    consumerLag,
    processes: processes
      .map((p) => ({ ...p, cpuMsPerSaga: perSaga(p.cpuSeconds) }))
      .sort((a, b) => b.cpuSeconds - a.cpuSeconds),
    cpuSeconds,
    cpuUtilisation: allCpu / (windowSeconds * os.availableParallelism()),
    cpuMsPerSaga: perSaga(cpuSeconds),
    sustained: why.length === 0,
    notSustainedBecause: why,
  };
}

function targets(report: Omit<BenchReport, 'targets' | 'bound'>): Target[] {
  const bulk = report.relay.find((r) => r.mode === 'bulk');
  const best = report.stages.filter((s) => s.sustained).at(-1);
  const out: Target[] = [];
  const relayRate = bulk?.eventsPerSecond ?? 0;
  out.push({
    name: 'outbox relay through daprd into Kafka (bulk)',
    target: `≥ ${TARGET_RELAY} events/s`,
    measured: `${relayRate.toFixed(0)} events/s`,
    met: relayRate >= TARGET_RELAY,
    ...(relayRate < TARGET_RELAY ? { gap: `${(TARGET_RELAY - relayRate).toFixed(0)} events/s short` } : {}),
  });
  const sagas = best?.orders.completedPerSecond ?? 0;
  out.push({
    name: 'completed sagas/s sustained with p99 accepted→terminal ≤ 1 s',
    target: `≥ ${TARGET_SAGAS}/s`,
    measured: best
      ? `${sagas.toFixed(1)}/s at ${best.rate}/s offered (p99 ${ms(best.orders.endToEndMs.p99)})`
      : 'no stage sustained',
    met: sagas >= TARGET_SAGAS,
    ...(sagas < TARGET_SAGAS
      ? {
          gap: `${(TARGET_SAGAS - sagas).toFixed(0)}/s short (${((sagas / TARGET_SAGAS) * 100).toFixed(0)}% of target)`,
        }
      : {}),
  });
  const idle = report.idle.totalRssBytes;
  out.push({
    name: 'whole local stack at idle',
    target: '≤ 2.5 GB RSS',
    measured: `${(idle / 1e9).toFixed(2)} GB`,
    met: idle <= TARGET_IDLE_RSS,
    ...(idle > TARGET_IDLE_RSS ? { gap: `${((idle - TARGET_IDLE_RSS) / 1e9).toFixed(2)} GB over` } : {}),
  });
  return out;
}

/**
 * One more stage at the rate that saturated the platform, with V8's profiler in every app, so
 * the report can say where the apps' CPU goes. Not counted in the stages (the profiler costs).
 */
async function profileStage(
  lp: LoadPlatform,
  opts: BenchOptions,
  stages: StageReport[],
): Promise<BenchReport['cpuProfile']> {
  const rate = stages.find((s) => !s.sustained)?.rate ?? stages.at(-1)?.rate;
  if (rate === undefined) return undefined;
  opts.log(`profiling the apps (node --cpu-prof) for ${opts.stageSeconds}s at ${rate}/s`);
  const session = await profileApps(lp.running);
  await runLoad({
    runId: 'profile',
    gateway: lp.gateway,
    token: lp.token,
    rate,
    durationSeconds: opts.stageSeconds,
    retryForSeconds: 10,
    workDir: path.join(opts.profile.home, 'k6'),
  });
  await drained(lp.running, 'profile', opts.drainSeconds * 1000);
  const apps = await session.finish();
  const total = apps.reduce((n, a) => n + a.sampledSeconds, 0);
  const byFamily = new Map<string, number>();
  for (const a of apps)
    for (const [origin, sec] of a.allOrigins)
      byFamily.set(familyOf(origin), (byFamily.get(familyOf(origin)) ?? 0) + sec);
  return {
    rate,
    apps: apps.map(({ allOrigins: _all, ...a }) => ({ ...a, allOrigins: [] })),
    combined: [...byFamily.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([what, sec]) => ({ what, percent: Math.round((sec / Math.max(total, 1e-9)) * 1000) / 10 })),
  };
}

/** What bounds throughput, from the busiest stage's CPU use by process and the apps' profile. */
function bound(stages: StageReport[], idleCores: number, profile?: Share[]): string[] {
  const s = [...stages].sort((a, b) => b.orders.completedPerSecond - a.orders.completedPerSecond)[0];
  if (!s || s.cpuMsPerSaga === 0) return [];
  const cores = os.availableParallelism();
  const lines = [
    `Busiest stage: ${s.rate}/s offered, ${s.orders.completedPerSecond.toFixed(1)} sagas/s completed, CPU ${(s.cpuUtilisation * 100).toFixed(0)}% of ${cores} cores (k6 included).`,
    `One saga costs ${s.cpuMsPerSaga.toFixed(1)} CPU-ms across the platform's processes, so ${cores} cores complete at most ${((cores * 1000) / s.cpuMsPerSaga).toFixed(0)} sagas/s even with nothing else running.`,
    `Of that, the platform at rest keeps ${idleCores.toFixed(2)} cores busy (timers, Kafka polling, scrapes, the tracing pipeline); the rest, about ${(((s.cpuSeconds / s.windowSeconds - idleCores) * 1000) / Math.max(s.orders.completedPerSecond, 1e-9)).toFixed(0)} CPU-ms per saga, is the work of the saga itself.`,
    `Where the CPU goes, per saga: ${s.processes
      .filter((p) => p.cpuMsPerSaga >= 0.5)
      .slice(0, 8)
      .map((p) => `${p.name} ${p.cpuMsPerSaga.toFixed(1)} ms`)
      .join(', ')}.`,
  ];
  if (profile?.length)
    lines.push(
      `Inside the Node apps (V8 CPU profile, share of busy time): ${profile
        .slice(0, 10)
        .map((x) => `${x.what} ${x.percent}%`)
        .join(', ')}.`,
    );
  return lines;
}

export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  opts.log(`starting the platform (profile '${opts.profile.name}')`);
  const lp = await startLoadPlatform(opts.profile, opts.log, opts.appEnv);
  try {
    const stock = await restock(lp.running, 100_000_000);
    opts.log(`stock set to ${Object.values(stock)[0]} per product; idle for ${opts.idleSettleSeconds}s`);
    // Settle, then measure a quiet period: memory at its end, CPU over it.
    await sleep((opts.idleSettleSeconds * 1000) / 2);
    const idleMeter = new ProcessMeter(opts.profile).start();
    await sleep((opts.idleSettleSeconds * 1000) / 2);
    const idleCpu = new Map(idleMeter.stop().map((u) => [u.name, u.cpuSeconds / (opts.idleSettleSeconds / 2)]));
    const idleUsage = usageByName(platformPids(opts.profile));
    const idle = {
      totalRssBytes: [...idleUsage.values()].reduce((n, u) => n + u.rssBytes, 0),
      cpuCores: [...idleCpu.values()].reduce((n, c) => n + c, 0),
      processes: [...idleUsage.entries()]
        .map(([name, u]) => ({ name, rssBytes: u.rssBytes, cpuCores: idleCpu.get(name) ?? 0 }))
        .sort((a, b) => b.rssBytes - a.rssBytes),
    };
    opts.log(
      `idle: ${mib(idle.totalRssBytes)} RSS in ${idle.processes.length} processes, ${idle.cpuCores.toFixed(2)} cores busy`,
    );

    // Warm-up: connections, JIT, topic metadata; not reported.
    await runLoad({
      runId: 'warmup',
      gateway: lp.gateway,
      token: lp.token,
      rate: Math.min(10, opts.rates[0] ?? 10),
      durationSeconds: opts.smoke ? 3 : 10,
      workDir: path.join(opts.profile.home, 'k6'),
    });
    await drained(lp.running, 'warmup', opts.drainSeconds * 1000);

    const stages: StageReport[] = [];
    for (const rate of opts.rates) {
      opts.log(`stage: ${rate} orders/s for ${opts.stageSeconds}s`);
      const stage = await runStage(lp, opts, rate, `bench-${rate}`);
      stages.push(stage);
      opts.log(
        `  accepted ${stage.load.acceptedPerSecond.toFixed(1)}/s, completed ${stage.orders.completedPerSecond.toFixed(1)} sagas/s, ` +
          `p50/p95/p99 ${ms(stage.orders.endToEndMs.p50)}/${ms(stage.orders.endToEndMs.p95)}/${ms(stage.orders.endToEndMs.p99)}, ` +
          `CPU ${(stage.cpuUtilisation * 100).toFixed(0)}%, ${stage.cpuMsPerSaga.toFixed(1)} CPU-ms/saga` +
          (stage.sustained ? '' : ` — not sustained: ${stage.notSustainedBecause.join('; ')}`),
      );
      if (!stage.sustained) break;
    }

    const cpuProfile = opts.cpuProfile ? await profileStage(lp, opts, stages) : undefined;

    opts.log(`outbox relay: ${opts.relayEvents} events, bulk then single`);
    const relay = await benchRelay(lp.running, opts.relayEvents, (l) => opts.log(`  ${l}`));
    const partial = {
      kind: 'bench' as const,
      size: opts.smoke ? ('smoke' as const) : ('full' as const),
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: describeMachine(),
      method: [
        `Platform: ${opts.profile.name} profile, started from empty data by the same code as npm start; every app and daprd as in development (tracing to Tempo, Prometheus scraping)${configurationChanges(opts.appEnv)}.`,
        `Load: k6 constant-arrival-rate (open model) per stage, ${opts.stageSeconds}s each, rates ${opts.rates.join(', ')}/s, ramping up until a stage is not sustained.`,
        'Each order: one customer, one line (five products in turn), pm_card_ok, its own Idempotency-Key; an admin token; the gateway rate limit raised for the single load client.',
        "Latency: accepted (order row written) to terminal (CONFIRMED/CANCELLED), from orders_db. Hops: outbox row → sidecar accepted → consumer inbox row, from the services' databases.",
        `A stage is sustained when every order is accepted and terminal within ${opts.drainSeconds}s after the load stops, completed/s ≥ 95% of offered, and p99 ≤ 1 s.`,
        'CPU and RSS: /proc, every second, each process with its children; k6 runs on the same machine and is listed but not counted in per-saga costs.',
        "Relay: a backlog of outbox rows in a scratch database, drained by the platform's OutboxRelay (batches of 500) through a dedicated daprd into Kafka; Kafka end offsets confirm every event.",
      ],
      idle,
      stages,
      relay,
      maxSustainedSagasPerSecond: stages.filter((s) => s.sustained).at(-1)?.orders.completedPerSecond ?? 0,
      ...(cpuProfile ? { cpuProfile } : {}),
    };
    return { ...partial, targets: targets(partial), bound: bound(stages, idle.cpuCores, cpuProfile?.combined) };
  } finally {
    await stopPlatform(opts.profile);
  }
}

export function benchMarkdown(r: BenchReport): string {
  const m = r.machine;
  const lines = [
    `# Benchmark (${r.size})`,
    '',
    `${r.startedAt} → ${r.finishedAt}. Rerun with \`npm run bench\`; the numbers below are in \`${r.size === 'full' ? 'reports/bench.json' : 'bench.json'}\`.`,
    '',
    `**Machine:** ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os} (kernel ${m.kernel}), Node ${m.node}; Dapr ${m.pinned.DAPR_VERSION}, Kafka ${m.pinned.KAFKA_VERSION}, k6 ${m.pinned.K6_VERSION}.`,
    '',
    '## Targets',
    '',
    table(
      ['target', 'wanted', 'measured', 'met', 'gap'],
      r.targets.map((t) => [t.name, t.target, t.measured, t.met ? 'yes' : '**no**', t.gap ?? '']),
    ),
    '',
    ...(r.bound.length ? ['## What bounds throughput', '', ...r.bound.map((b) => `- ${b}`), ''] : []),
    '## Stages',
    '',
    table(
      [
        'offered/s',
        'accepted/s',
        'completed sagas/s',
        'p50',
        'p95',
        'p99',
        'max',
        'gateway p99',
        'CPU',
        'CPU-ms/saga',
        'sustained',
      ],
      r.stages.map((s) => [
        s.rate,
        s.load.acceptedPerSecond.toFixed(1),
        s.orders.completedPerSecond.toFixed(1),
        ms(s.orders.endToEndMs.p50),
        ms(s.orders.endToEndMs.p95),
        ms(s.orders.endToEndMs.p99),
        ms(s.orders.endToEndMs.max),
        ms(s.load.requestMs.p99),
        `${(s.cpuUtilisation * 100).toFixed(0)}%`,
        s.cpuMsPerSaga.toFixed(1),
        s.sustained ? 'yes' : `no: ${s.notSustainedBecause.join('; ')}`,
      ]),
    ),
    '',
  ];
  const last = r.stages.at(-1);
  if (last) {
    lines.push(
      `## Lag per hop (stage ${last.rate}/s)`,
      '',
      table(
        ['hop', 'relay p50/p99', 'delivery p50/p99', 'total p50/p99', 'events'],
        last.hops.map((h) => [
          h.hop,
          `${ms(h.relayMs.p50)} / ${ms(h.relayMs.p99)}`,
          `${ms(h.deliveryMs.p50)} / ${ms(h.deliveryMs.p99)}`,
          `${ms(h.totalMs.p50)} / ${ms(h.totalMs.p99)}`,
          h.totalMs.n,
        ]),
      ),
      '',
      'Highest consumer-group lag seen by Prometheus during the stage (messages):',
      '',
      table(
        ['group', 'topic', 'max lag'],
        last.consumerLag.map((g) => [g.group, g.topic, g.maxMessages]),
      ),
      '',
      `## CPU and memory per process (stage ${last.rate}/s, ${last.windowSeconds.toFixed(0)}s window)`,
      '',
      table(
        ['process', 'CPU-s', 'CPU-ms/saga', 'peak RSS'],
        last.processes.map((p) => [p.name, p.cpuSeconds.toFixed(1), p.cpuMsPerSaga.toFixed(2), mib(p.peakRssBytes)]),
      ),
      '',
    );
  }
  if (r.cpuProfile) {
    lines.push(
      `## CPU profile of the apps (V8, one more stage at ${r.cpuProfile.rate}/s)`,
      '',
      "Share of the apps' busy time by kind of work, all apps together (per app and package below):",
      '',
      table(
        ['origin', 'share'],
        r.cpuProfile.combined.map((x) => [x.what, `${x.percent}%`]),
      ),
      '',
      table(
        ['app', 'sampled CPU-s', 'top origins', 'busiest functions'],
        r.cpuProfile.apps.map((a) => [
          a.app,
          a.sampledSeconds.toFixed(1),
          a.byOrigin
            .slice(0, 4)
            .map((x) => `${x.what} ${x.percent}%`)
            .join(', '),
          a.topFunctions
            .slice(0, 3)
            .map((x) => `\`${x.what.replace(/\|/g, '/')}\` ${x.percent}%`)
            .join(', '),
        ]),
      ),
      '',
    );
  }
  lines.push(
    '## Outbox relay through daprd into Kafka',
    '',
    table(
      ['publish', 'events', 'seconds', 'events/s', 'in Kafka'],
      r.relay.map((x) => [x.mode, x.events, x.seconds.toFixed(2), x.eventsPerSecond.toFixed(0), x.inKafka]),
    ),
    '',
    `## Idle (${mib(r.idle.totalRssBytes)} RSS in total; ${r.idle.cpuCores.toFixed(2)} cores busy)`,
    '',
    "RSS counts memory shared between processes once per process (PostgreSQL's shared buffers appear in each backend), so the total overstates.",
    '',
    table(
      ['process', 'RSS', 'CPU (cores)'],
      r.idle.processes.map((p) => [p.name, mib(p.rssBytes), p.cpuCores.toFixed(3)]),
    ),
    '',
    '## Method',
    '',
    ...r.method.map((x) => `- ${x}`),
  );
  return lines.join('\n');
}

/** The full size (npm run bench) and the smoke size (npm test). */
export function benchOptions(p: Profile, smoke: boolean, log: (line: string) => void): BenchOptions {
  return {
    profile: p,
    rates: smoke ? [5] : [5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 300],
    stageSeconds: smoke ? 5 : 30,
    relayEvents: smoke ? 1000 : 20000,
    drainSeconds: smoke ? 30 : 60,
    idleSettleSeconds: smoke ? 2 : 20,
    cpuProfile: !smoke,
    smoke,
    appEnv: {},
    log,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      smoke: { type: 'boolean', default: false },
      rates: { type: 'string' },
      'stage-seconds': { type: 'string' },
      'relay-events': { type: 'string' },
      'app-env': { type: 'string', multiple: true },
      out: { type: 'string' },
    },
    strict: true,
  });
  const smoke = values.smoke === true;
  const p = profileNamed(smoke ? 'test' : 'load');
  const defaults = benchOptions(p, smoke, (l) => console.log(`==> ${l}`));
  const opts: BenchOptions = {
    ...defaults,
    ...(values.rates ? { rates: values.rates.split(',').map(Number) } : {}),
    ...(values['stage-seconds'] ? { stageSeconds: Number(values['stage-seconds']) } : {}),
    ...(values['relay-events'] ? { relayEvents: Number(values['relay-events']) } : {}),
    appEnv: Object.fromEntries(
      (values['app-env'] ?? []).map((kv) => {
        const i = kv.indexOf('=');
        if (i < 1) throw new Error(`--app-env takes KEY=VALUE, not '${kv}'`);
        return [kv.slice(0, i), kv.slice(i + 1)];
      }),
    ),
  };
  const report = await runBench(opts);
  const dir = values.out ?? (smoke ? path.join(p.home, 'reports') : REPORTS);
  const files = writeReport(dir, 'bench', report, benchMarkdown(report));
  console.log(`\n${report.targets.map((t) => `${t.met ? 'met ' : 'MISS'} ${t.name}: ${t.measured}`).join('\n')}`);
  console.log(`\nreport: ${files.join(', ')}`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`xx ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  });
}
