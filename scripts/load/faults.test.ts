import { APPS } from '../platform/layout';
import { allFaults, CONSUMERS, seeded, shuffle } from './faults';

describe('the fault plan', () => {
  it('covers every app, every daprd, the three servers and a stopped consumer', () => {
    const faults = allFaults(seeded(1));
    for (const app of APPS) {
      expect(faults).toContainEqual({ kind: 'kill-app', target: app });
      expect(faults).toContainEqual({ kind: 'kill-daprd', target: `${app}-daprd` });
    }
    for (const kind of ['restart-kafka', 'restart-postgres', 'restart-redis'])
      expect(faults.map((f) => f.kind)).toContain(kind);
    const stop = faults.find((f) => f.kind === 'stop-consumer');
    expect(CONSUMERS.map((c) => `${c}-daprd`)).toContain(stop?.target);
  });

  it('is random, and the same again for the same seed', () => {
    const order = (seed: number) => shuffle(allFaults(seeded(seed)), seeded(seed)).map((f) => f.target);
    expect(order(42)).toEqual(order(42));
    expect(order(42)).not.toEqual(order(43));
  });
});
