/** Writes the dashboards (scripts/grafana/dashboards.ts) as JSON for the chart. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../platform/layout';
import { dashboards } from './dashboards';
import { dashboard } from './panels';

export const DASHBOARD_DIR = path.join(ROOT, 'charts', 'shop', 'files', 'grafana', 'dashboards');

export function renderedDashboards(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(dashboards).map(([name, spec]) => [`${name}.json`, `${JSON.stringify(dashboard(spec), null, 2)}\n`]),
  );
}

if (require.main === module) {
  mkdirSync(DASHBOARD_DIR, { recursive: true });
  for (const [file, json] of Object.entries(renderedDashboards())) {
    writeFileSync(path.join(DASHBOARD_DIR, file), json);
    console.log(`wrote ${path.relative(ROOT, path.join(DASHBOARD_DIR, file))}`);
  }
}
