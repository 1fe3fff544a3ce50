/**
 * One source of truth for the Dapr resources: components/resources/ (local runs) and the
 * chart's rendering (clusters) must not drift. Resiliency and the Subscriptions are the same
 * files (the chart reads them through symlinks); the two components are templated, because
 * their connection settings come from different secret stores, and must agree on the rest.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ROOT } from '../../scripts/platform/layout';
import { cleanUp, render, VALUES_FILES, type K8sObject } from './support/render';

afterAll(cleanUp);

interface MetadataItem {
  name: string;
  value?: string;
  secretKeyRef?: unknown;
}
type Resource = K8sObject & { spec: { type?: string; metadata?: MetadataItem[] }; scopes?: string[] };

const local: Resource[] = readdirSync(path.join(ROOT, 'components', 'resources'))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((f) =>
    parseAllDocuments(readFileSync(path.join(ROOT, 'components', 'resources', f), 'utf8')).map(
      (d) => d.toJS() as Resource,
    ),
  );
/** Settings that name where the infrastructure is: their values differ between environments by design. */
const CONNECTION = new Set(['brokers', 'redisHost', 'redisPassword']);
const key = (o: K8sObject): string => `${o.kind}/${o.metadata.name}`;
const withoutLabels = (o: K8sObject): unknown => ({ ...o, metadata: { name: o.metadata.name } });

describe.each(VALUES_FILES)('the Dapr resources rendered with %s', (valuesFile) => {
  const chart = render(valuesFile).objects.filter((o) => o.apiVersion.startsWith('dapr.io/')) as Resource[];
  const byKey = new Map(chart.map((o) => [key(o), o]));

  it('include every local resource except the local-only secret store, and nothing else but the Configuration', () => {
    const localKeys = local
      .filter((o) => o.metadata.name !== 'envsecrets')
      .map(key)
      .sort();
    expect(
      chart
        .filter((o) => o.kind !== 'Configuration')
        .map(key)
        .sort(),
    ).toEqual(localKeys);
  });

  it('have the very same Resiliency and Subscriptions', () => {
    for (const o of local.filter((r) => r.kind === 'Resiliency' || r.kind === 'Subscription'))
      expect(withoutLabels(byKey.get(key(o))!)).toEqual(withoutLabels(o));
  });

  it('configure pub/sub and the state store alike: type, scopes, and every setting but the connection', () => {
    for (const o of local.filter((r) => r.kind === 'Component' && r.metadata.name !== 'envsecrets')) {
      const c = byKey.get(key(o))!;
      expect({ name: o.metadata.name, type: c.spec.type, scopes: c.scopes }).toEqual({
        name: o.metadata.name,
        type: o.spec.type,
        scopes: o.scopes,
      });
      const settings = (r: Resource): Record<string, unknown> =>
        Object.fromEntries(
          (r.spec.metadata ?? []).filter((m) => !CONNECTION.has(m.name)).map((m) => [m.name, m.value]),
        );
      expect(settings(c)).toEqual(settings(o));
      const names = (r: Resource): string[] => (r.spec.metadata ?? []).map((m) => m.name).sort();
      expect(names(c)).toEqual(names(o));
      // A password is never a plain value in either.
      for (const r of [o, c]) expect(r.spec.metadata?.find((m) => m.name === 'redisPassword')?.value).toBeUndefined();
    }
  });
});
