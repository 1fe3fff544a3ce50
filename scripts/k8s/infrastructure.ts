/**
 * The development cluster's infrastructure releases (k8s/infrastructure.yaml), each at the
 * version charts/shop/Chart.yaml pins for it. `tsx scripts/k8s/infrastructure.ts install` runs
 * `helm upgrade --install` for each (scripts/k8s/cluster-up.sh calls it); the Tiltfile reads the
 * same file for its helm_resource calls.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../platform/layout';

export interface Release {
  name: string;
  dependency: string;
  chart: string;
  namespace: string;
  values?: string;
  port_forwards?: string[];
  after?: string[];
  labels: string[];
}

export function infrastructure(): {
  repositories: Record<string, string>;
  releases: (Release & { version: string })[];
} {
  const spec = parse(readFileSync(path.join(ROOT, 'k8s', 'infrastructure.yaml'), 'utf8')) as {
    repositories: Record<string, string>;
    releases: Release[];
  };
  const chart = parse(readFileSync(path.join(ROOT, 'charts', 'shop', 'Chart.yaml'), 'utf8')) as {
    dependencies: { name: string; version: string }[];
  };
  const pinned = new Map(chart.dependencies.map((d) => [d.name, d.version]));
  return {
    repositories: spec.repositories,
    releases: spec.releases.map((r) => {
      const version = pinned.get(r.dependency);
      if (!version)
        throw new Error(`k8s/infrastructure.yaml: ${r.name} names dependency ${r.dependency}, which Chart.yaml lacks`);
      return { ...r, version };
    }),
  };
}

function helm(args: string[]): void {
  console.log(`$ helm ${args.join(' ')}`);
  const res = spawnSync('helm', args, { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`helm ${args[0]} failed (${res.status ?? res.signal})`);
}

if (require.main === module && process.argv[2] === 'install') {
  const { repositories, releases } = infrastructure();
  for (const [name, url] of Object.entries(repositories)) helm(['repo', 'add', '--force-update', name, url]);
  helm(['repo', 'update', ...Object.keys(repositories)]);
  for (const r of releases) {
    helm([
      'upgrade',
      '--install',
      r.name,
      r.chart,
      '--version',
      r.version,
      '--namespace',
      r.namespace,
      '--create-namespace',
      '--wait',
      '--timeout',
      '10m',
      ...(r.values ? ['--values', path.join(ROOT, r.values)] : []),
    ]);
  }
}
