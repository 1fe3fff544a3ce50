/**
 * `npm run bench -- --smoke` inside npm test: the benchmark's whole path on the real stack at a
 * small size (one stage of 5 orders/s for 5 s, 1,000 relay events). It checks that each figure
 * the full report carries is measured, not that the machine is fast.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchMarkdown, benchOptions, runBench, type BenchReport } from '../../scripts/load/bench';
import { writeReport } from '../../scripts/load/report';
import { APPS } from '../../scripts/platform/layout';
import { p } from './support/stack';

jest.setTimeout(600_000);

let report: BenchReport;
let markdown: string;

beforeAll(async () => {
  report = await runBench(benchOptions(p, true, () => undefined));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-smoke-'));
  writeReport(dir, 'bench', report, benchMarkdown(report));
  markdown = readFileSync(path.join(dir, 'bench.md'), 'utf8');
});

describe('the benchmark, smoke size', () => {
  it('drives every offered order to a terminal state and measures its latency', () => {
    const [stage] = report.stages;
    expect(stage?.load.accepted).toBeGreaterThanOrEqual(20);
    expect(stage?.load.gaveUp).toBe(0);
    expect(stage?.orders.total).toBe(stage?.load.accepted);
    expect(stage?.orders.terminal).toBe(stage?.orders.total);
    expect(stage?.orders.confirmed).toBe(stage?.orders.total);
    const e2e = stage?.orders.endToEndMs;
    expect(e2e?.n).toBe(stage?.orders.terminal);
    expect(e2e?.p50).toBeGreaterThan(0);
    expect(e2e?.p50).toBeLessThanOrEqual(e2e?.p95 ?? 0);
    expect(e2e?.p95).toBeLessThanOrEqual(e2e?.p99 ?? 0);
    expect(e2e?.p99).toBeLessThanOrEqual(e2e?.max ?? 0);
    expect(stage?.orders.completedPerSecond).toBeGreaterThan(0);
  });

  it('reports the lag of every hop of the saga, and consumer-group lag', () => {
    const hops = report.stages[0]?.hops.map((h) => h.hop) ?? [];
    for (const hop of [
      'shop.order.created.v1 → inventory',
      'shop.order.created.v1 → payment',
      'shop.inventory.reserved.v1 → payment',
      'shop.inventory.reserved.v1 → order',
      'shop.payment.completed.v1 → order',
      'shop.order.confirmed.v1 → inventory',
    ])
      expect(hops).toContain(hop);
    for (const h of report.stages[0]?.hops ?? []) expect(h.totalMs.p50).toBeGreaterThanOrEqual(h.relayMs.p50);
    expect(report.stages[0]?.consumerLag.map((g) => g.group)).toEqual(
      expect.arrayContaining(['inventory', 'notification', 'order', 'payment']),
    );
  });

  it('measures CPU and peak RSS of every process, and per saga', () => {
    const stage = report.stages[0];
    const names = stage?.processes.map((x) => x.name) ?? [];
    for (const name of [...APPS, ...APPS.map((a) => `${a}-daprd`), 'kafka', 'postgres', 'redis', 'tempo'])
      expect(names).toContain(name);
    for (const x of stage?.processes ?? []) expect(x.peakRssBytes).toBeGreaterThan(1 << 20);
    expect(stage?.processes.find((x) => x.name === 'order')?.cpuSeconds).toBeGreaterThan(0);
    expect(stage?.cpuMsPerSaga).toBeGreaterThan(0);
    expect(report.idle.totalRssBytes).toBe(report.idle.processes.reduce((n, x) => n + x.rssBytes, 0));
    expect(report.idle.cpuCores).toBeGreaterThan(0);
  });

  it('measures the outbox relay with bulk and single publish, every event in Kafka', () => {
    expect(report.relay.map((r) => r.mode)).toEqual(['bulk', 'single']);
    for (const r of report.relay) {
      expect(r.inKafka).toBe(r.events);
      expect(r.eventsPerSecond).toBeGreaterThan(0);
    }
  });

  it('judges the targets and describes the machine in both reports', () => {
    expect(report.targets.map((t) => t.met === (t.gap === undefined))).toEqual([true, true, true]);
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.pinned.K6_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(markdown).toContain('## Targets');
    expect(markdown).toContain(`${report.machine.cores} cores`);
    expect(markdown).toContain('## Outbox relay through daprd into Kafka');
  });
});
