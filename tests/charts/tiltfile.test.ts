/**
 * The Tiltfile cannot run here (no Tilt, no cluster), so this checks what can be checked
 * offline: it parses (Starlark is Python's syntax), it builds every service of the chart, the
 * files it reads exist, the chart versions it installs are the chart's pins, and every object
 * it groups into a resource is one the chart renders under Tilt's values.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { infrastructure } from '../../scripts/k8s/infrastructure';
import { ROOT } from '../../scripts/platform/layout';
import { cleanUp, render } from './support/render';

afterAll(cleanUp);

const tiltfile = readFileSync(path.join(ROOT, 'Tiltfile'), 'utf8');
const chart = parse(readFileSync(path.join(ROOT, 'charts', 'shop', 'Chart.yaml'), 'utf8')) as {
  dependencies: { name: string }[];
};
const values = parse(readFileSync(path.join(ROOT, 'charts', 'shop', 'values.yaml'), 'utf8')) as {
  services: Record<string, unknown>;
};

describe('Tiltfile', () => {
  it('is valid Starlark syntax', () => {
    const res = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'], {
      input: tiltfile,
      encoding: 'utf8',
    });
    expect({ status: res.status, err: res.stderr }).toEqual({ status: 0, err: '' });
  });

  it('builds an image for every service of the chart, from the one Dockerfile', () => {
    const services = /SERVICES = \[([^\]]+)\]/
      .exec(tiltfile)?.[1]
      ?.match(/'([a-z]+)'/g)
      ?.map((s) => s.slice(1, -1));
    expect(services?.sort()).toEqual(Object.keys(values.services).sort());
    expect(tiltfile).toContain("dockerfile='Dockerfile'");
  });

  it('reads only files that exist', () => {
    const files = [...tiltfile.matchAll(/'((?:charts|k8s)\/[^']+\.ya?ml)'/g)].map((m) => m[1]!);
    expect(files.length).toBeGreaterThan(2);
    for (const file of files)
      expect({ file, exists: existsSync(path.join(ROOT, file)) }).toEqual({ file, exists: true });
  });

  it('installs (with cluster-up.sh) every chart dependency as a release, at the version Chart.yaml pins', () => {
    const { releases } = infrastructure();
    expect(releases.map((r) => r.dependency).sort()).toEqual(chart.dependencies.map((d) => d.name).sort());
    for (const r of releases) {
      if (r.values)
        expect({ values: r.values, exists: existsSync(path.join(ROOT, r.values)) }).toEqual({
          values: r.values,
          exists: true,
        });
      for (const dep of r.after ?? []) expect(releases.map((x) => x.name)).toContain(dep);
    }
    // The port-forwards the README promises: Grafana, Prometheus, Tempo, the Dapr dashboard, and the gateway.
    const forwards = [...releases.flatMap((r) => r.port_forwards ?? []), ...(tiltfile.match(/'8080:8080'/g) ?? [])];
    expect(forwards.map((f) => f.replace(/'/g, '').split(':')[0]).sort()).toEqual([
      '3000',
      '3200',
      '8080',
      '8081',
      '9090',
    ]);
  });

  it('groups only objects the chart renders with the kind and Tilt values', () => {
    const { objects } = render('values-kind.yaml', ['-f', path.join(ROOT, 'k8s', 'tilt', 'chart-values.yaml')]);
    const rendered = new Set(objects.map((o) => `${o.metadata.name}:${o.kind.toLowerCase()}`));
    const named = [...tiltfile.matchAll(/'([a-z0-9-]+:[a-z]+)'/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(3);
    for (const o of named) expect({ o, rendered: rendered.has(o) }).toEqual({ o, rendered: true });
    // Tilt installs the infrastructure itself: the chart must not install it a second time...
    expect(objects.filter((o) => o.metadata.name.startsWith('stand-in-'))).toEqual([]);
    // ...which a plain install does, every dependency switched on by its condition.
    const plain = render('values.yaml').objects.filter((o) => o.metadata.name.startsWith('stand-in-'));
    expect(plain.map((o) => o.metadata.name.replace('stand-in-', '')).sort()).toEqual(
      chart.dependencies.map((d) => d.name).sort(),
    );
  });
});
