/** Every PromQL query of the dashboards, with Grafana's variables replaced for a direct query. */
import { dashboards } from './dashboards';

export interface DashboardQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

/**
 * What Grafana would send with every option selected: template variables match all values,
 * `$__rate_interval` and `$__range` become fixed windows.
 */
export function resolveVariables(expr: string, window = '2m', range = '1h'): string {
  return expr
    .replaceAll('$__rate_interval', window)
    .replaceAll('$__range', range)
    .replace(/\$(\w+)/g, '.+');
}

export function dashboardQueries(): DashboardQuery[] {
  return Object.values(dashboards).flatMap((d) =>
    d.rows.flatMap((r) =>
      r.panels.flatMap((p) => p.queries.map((q) => ({ dashboard: d.uid, panel: p.title, expr: q.expr }))),
    ),
  );
}
