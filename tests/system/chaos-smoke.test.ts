/**
 * `npm run chaos -- --smoke` inside npm test: 300 orders through the public API while three
 * random faults (seeded; the seed is in the failure message) hit the real processes, then
 * invariants I1–I6 over every order.
 */
import { chaosMarkdown, chaosOptions, runChaos, type ChaosReport } from '../../scripts/load/chaos';
import { p } from './support/stack';

jest.setTimeout(900_000);

let report: ChaosReport;

beforeAll(async () => {
  report = await runChaos(chaosOptions(p, true, (line) => console.log(line)));
});

describe('the fault run, smoke size', () => {
  it('injected its faults while orders flowed, and each target came back', () => {
    expect({ seed: report.seed, notInjected: report.faultsNotInjected }).toEqual({
      seed: report.seed,
      notInjected: [],
    });
    expect(report.faults).toHaveLength(3);
    for (const f of report.faults) expect({ seed: report.seed, ...f }).not.toMatchObject({ recoveredAfterSeconds: -1 });
    expect(report.invariants.orders).toBeGreaterThanOrEqual(report.minOrders);
  });

  it('kept every invariant: orders terminal within 60 s of the last fault (later ones of their placement), I1–I6 hold', () => {
    expect({ seed: report.seed, violations: report.invariants.violations.slice(0, 20) }).toEqual({
      seed: report.seed,
      violations: [],
    });
    expect(report.invariants.pending).toBe(0);
    expect(report.allTerminalAfterLastFaultSeconds).not.toBeNull();
    expect(report.allTerminalAfterLastFaultSeconds).toBeLessThanOrEqual(60);
    expect(report.laterOrdersMaxSeconds).toBeLessThanOrEqual(60);
    expect(report.invariants.confirmed).toBeGreaterThan(0);
    // Declined cards and the scarce product: compensations ran too.
    expect(report.invariants.cancelled).toBeGreaterThan(0);
    expect(report.passed).toBe(true);
  });

  it('read the saga topics back from Kafka and reports every fault', () => {
    // Every order's created event at least; inventory answers each; payment most.
    expect(report.invariants.kafkaMessages['order.events']).toBeGreaterThanOrEqual(report.invariants.orders * 2);
    expect(report.invariants.kafkaMessages['inventory.events']).toBeGreaterThanOrEqual(report.invariants.orders);
    expect(report.invariants.kafkaMessages['payment.events']).toBeGreaterThan(0);
    const md = chaosMarkdown(report);
    for (const f of report.faults) expect(md).toContain(`| ${f.kind} | ${f.target} |`);
  });
});
