import { originOf, summarise } from './cpu-profile';

describe('summarising a V8 CPU profile', () => {
  it('names where code comes from', () => {
    expect(originOf('file:///w/node_modules/@opentelemetry/core/build/src/x.js', 'f')).toBe('@opentelemetry/core');
    expect(originOf('file:///w/node_modules/pg/lib/client.js', 'f')).toBe('pg');
    expect(originOf('node:internal/streams/readable', 'f')).toBe('node:streams');
    expect(originOf('node:net', 'f')).toBe('node:net');
    expect(originOf('file:///w/services/order/dist/app.js', 'f')).toBe('our code (services/order)');
    expect(originOf('', '(garbage collector)')).toBe('V8 garbage collector');
  });

  it('shares busy time by self time, leaving idle out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 0 });
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('query', 'file:///w/node_modules/pg/lib/client.js') },
        { id: 3, callFrame: frame('handle', 'file:///w/services/order/dist/app.js') },
      ],
      startTime: 0,
      endTime: 1,
      samples: [1, 2, 2, 3, 1, 2],
      timeDeltas: [500, 100, 100, 200, 500, 100],
    };
    const s = summarise('order', profile);
    expect(s.sampledSeconds).toBeCloseTo(0.0005);
    expect(s.byOrigin).toEqual([
      { what: 'pg', percent: 60 },
      { what: 'our code (services/order)', percent: 40 },
    ]);
    expect(s.topFunctions[0]).toEqual({ what: 'query pg/lib/client.js:1', percent: 60 });
  });
});
