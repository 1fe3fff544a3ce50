import { APPS, profile, versions } from './layout';

describe('platform layout', () => {
  it('gives every process of a profile its own port, and keeps dev and test apart', () => {
    const all = (['dev', 'test'] as const).flatMap((name) => {
      const p = profile(name);
      return [
        p.kafkaPort,
        p.kafkaControllerPort,
        p.postgresPort,
        p.redisPort,
        ...Object.values(p.tempo),
        p.prometheus,
        p.kafkaLagExporter,
        ...APPS.flatMap((a) => Object.values(p.apps[a])),
      ];
    });
    expect(new Set(all).size).toBe(all.length);
    // Below Linux's ephemeral range, so no outgoing connection can hold one of them.
    for (const port of all) expect(port).toBeLessThan(32768);
    expect(profile('dev').apps.gateway.app).toBe(8080);
    expect(profile('dev').prometheus).toBe(9090);
    expect(profile('dev').tempo.http).toBe(3200);
  });

  it('reads the pinned versions from scripts/versions.sh', () => {
    const v = versions();
    expect(v.DAPR_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(v.KAFKA_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
