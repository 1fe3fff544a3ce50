import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { DASHBOARD_DIR, renderedDashboards } from './build';
import { PROMETHEUS_UID } from './panels';
import { dashboardQueries, resolveVariables } from './queries';

const datasourceRef = z.object({ type: z.literal('prometheus'), uid: z.literal(PROMETHEUS_UID) });
const gridPos = z.object({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  w: z.number().int().min(1),
  h: z.number().int().min(1),
});
const target = z.object({ refId: z.string().regex(/^[A-Z]$/), datasource: datasourceRef, expr: z.string().min(1) });
const panel = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('row'), title: z.string().min(1), gridPos }),
  z.object({
    id: z.number().int(),
    type: z.enum(['timeseries', 'stat', 'table', 'bargauge']),
    title: z.string().min(1),
    description: z.string().min(1),
    datasource: datasourceRef,
    gridPos,
    targets: z.array(target).min(1),
  }),
]);
/** The parts of Grafana's dashboard model (schema 39) that provisioning and our panels rely on. */
const dashboardModel = z.object({
  uid: z.string().regex(/^[a-z0-9-]{1,40}$/),
  title: z.string().min(1),
  schemaVersion: z.literal(39),
  templating: z.object({ list: z.array(z.object({ name: z.string(), query: z.object({ query: z.string() }) })) }),
  panels: z.array(panel).min(1),
  links: z.array(z.object({ url: z.string() })),
});

const files = readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'));
const models = files.map((f) => dashboardModel.parse(JSON.parse(readFileSync(path.join(DASHBOARD_DIR, f), 'utf8'))));

describe('Grafana dashboards', () => {
  it('are the committed output of scripts/grafana (run `npm run grafana:dashboards` after a change)', () => {
    const rendered = renderedDashboards();
    expect(files.sort()).toEqual(Object.keys(rendered).sort());
    for (const f of files) expect(readFileSync(path.join(DASHBOARD_DIR, f), 'utf8')).toBe(rendered[f]);
  });

  it('cover the saga, per-service RED, the Dapr sidecars and Kafka, each with a unique uid', () => {
    expect(models.map((m) => m.uid).sort()).toEqual(['shop-dapr', 'shop-kafka', 'shop-saga', 'shop-services']);
  });

  it('have unique panel ids and panels inside the 24-column grid that never overlap', () => {
    for (const m of models) {
      const ids = m.panels.map((p) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      const cells = new Set<string>();
      for (const p of m.panels) {
        expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
        for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++)
          for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
            expect(cells.has(`${x},${y}`)).toBe(false);
            cells.add(`${x},${y}`);
          }
      }
    }
  });

  it('use only variables they define, and link only to dashboards that exist', () => {
    const uids = new Set(models.map((m) => m.uid));
    for (const m of models) {
      const defined = new Set(m.templating.list.map((v) => v.name));
      for (const p of m.panels)
        if (p.type !== 'row')
          for (const t of p.targets)
            for (const [, name] of t.expr.matchAll(/\$(\w+)/g))
              if (!name!.startsWith('__')) expect(defined).toContain(name);
      for (const l of m.links) expect(uids).toContain(l.url.replace('/d/', ''));
    }
  });

  it('leave no Grafana variable in a query once resolved for Prometheus', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    for (const q of queries) expect(resolveVariables(q.expr)).not.toContain('$');
  });

  it('query a datasource that is provisioned, and Tempo links to the same Prometheus', () => {
    const provisioning = parse(readFileSync(path.join(DASHBOARD_DIR, '..', 'datasources.yaml'), 'utf8')) as {
      datasources: { uid: string; type: string; jsonData: Record<string, { datasourceUid?: string }> }[];
    };
    const byUid = new Map(provisioning.datasources.map((d) => [d.uid, d]));
    expect(byUid.get(PROMETHEUS_UID)?.type).toBe('prometheus');
    const tempo = byUid.get('tempo');
    expect(tempo?.type).toBe('tempo');
    expect(tempo?.jsonData.serviceMap?.datasourceUid).toBe(PROMETHEUS_UID);
    expect(tempo?.jsonData.tracesToMetrics?.datasourceUid).toBe(PROMETHEUS_UID);
  });
});
