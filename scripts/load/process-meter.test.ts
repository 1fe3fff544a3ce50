import { usageByName } from './process-meter';
import { percentiles } from './saga-stats';

describe('measuring', () => {
  it('reads CPU seconds and RSS of a process from /proc, and follows its CPU use', () => {
    const before = usageByName(new Map([['self', process.pid]])).get('self');
    const until = Date.now() + 300;
    let x = 0;
    while (Date.now() < until) x += Math.sqrt(x + 1);
    const after = usageByName(new Map([['self', process.pid]])).get('self');
    expect(x).toBeGreaterThan(0);
    expect(after?.rssBytes).toBeGreaterThan(10 * 2 ** 20);
    expect((after?.cpuSeconds ?? 0) - (before?.cpuSeconds ?? 0)).toBeGreaterThanOrEqual(0.2);
  });

  it('leaves out a process that is not running', () => {
    expect(usageByName(new Map([['gone', 2 ** 22 + 7]])).size).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(p).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(percentiles([])).toEqual({ n: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});
