/**
 * A small typed builder for Grafana dashboards (schema 39): rows of panels laid out left to
 * right on Grafana's 24-column grid, every query against the provisioned Prometheus.
 */

export const PROMETHEUS_UID = 'prometheus';
export const TEMPO_UID = 'tempo';

type Unit = 'short' | 'reqps' | 's' | 'ms' | 'bytes' | 'percentunit' | 'none';

export interface PanelSpec {
  title: string;
  description: string;
  kind: 'timeseries' | 'stat' | 'table' | 'bargauge';
  unit?: Unit;
  /** Legend per query, in Grafana's `{{label}}` form. */
  queries: { expr: string; legend?: string }[];
  /** Width in grid columns (of 24). */
  width?: number;
  /** Value mappings for state panels (e.g. 0 closed, 1 open). */
  mappings?: { value: string; text: string; color: string }[];
}

export interface Variable {
  name: string;
  label: string;
  /** A Prometheus `label_values(metric, label)` query. */
  query: string;
}

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  variables?: Variable[];
  rows: { title: string; panels: PanelSpec[] }[];
  links?: { title: string; uid: string }[];
}

const datasource = { type: 'prometheus', uid: PROMETHEUS_UID };
const PANEL_HEIGHT = 8;

function panel(spec: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }): object {
  const mappings = (spec.mappings ?? []).map((m) => ({
    type: 'value',
    options: { [m.value]: { text: m.text, color: m.color } },
  }));
  return {
    id,
    type: spec.kind,
    title: spec.title,
    description: spec.description,
    datasource,
    gridPos,
    fieldConfig: {
      defaults: {
        unit: spec.unit ?? 'short',
        mappings,
        ...(spec.kind === 'timeseries' ? { custom: { drawStyle: 'line', lineWidth: 1, fillOpacity: 10 } } : {}),
      },
      overrides: [],
    },
    options:
      spec.kind === 'timeseries'
        ? { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi' } }
        : { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false } },
    targets: spec.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource,
      expr: q.expr,
      legendFormat: q.legend ?? '__auto',
      ...(spec.kind === 'table' ? { format: 'table', instant: true } : { range: true }),
    })),
  };
}

/** The dashboard's JSON model, as Grafana's provisioning loads it. */
export function dashboard(spec: DashboardSpec): object {
  const panels: object[] = [];
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    panels.push({ id: id++, type: 'row', title: row.title, collapsed: false, gridPos: { x: 0, y, w: 24, h: 1 } });
    y += 1;
    let x = 0;
    for (const p of row.panels) {
      const w = p.width ?? 8;
      if (x + w > 24) {
        x = 0;
        y += PANEL_HEIGHT;
      }
      panels.push(panel(p, id++, { x, y, w, h: PANEL_HEIGHT }));
      x += w;
    }
    y += PANEL_HEIGHT;
  }
  return {
    uid: spec.uid,
    title: spec.title,
    description: spec.description,
    tags: ['order-saga', ...spec.tags],
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '10s',
    time: { from: 'now-30m', to: 'now' },
    timezone: 'browser',
    graphTooltip: 1,
    links: (spec.links ?? []).map((l) => ({
      type: 'link',
      title: l.title,
      url: `/d/${l.uid}`,
      keepTime: true,
      includeVars: false,
    })),
    templating: {
      list: (spec.variables ?? []).map((v) => ({
        name: v.name,
        label: v.label,
        type: 'query',
        datasource,
        query: { query: v.query, refId: 'variable' },
        definition: v.query,
        refresh: 2,
        includeAll: true,
        allValue: '.+',
        multi: true,
        current: { selected: true, text: ['All'], value: ['$__all'] },
        sort: 1,
      })),
    },
    annotations: { list: [] },
    panels,
  };
}
