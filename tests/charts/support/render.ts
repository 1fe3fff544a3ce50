/**
 * Renders charts/shop offline. The infrastructure dependencies (Strimzi, CloudNativePG, Valkey,
 * kube-prometheus-stack, Tempo, the Dapr dashboard) cannot be fetched here, so a copy of the
 * chart gets an empty stand-in chart for each, named and versioned as Chart.yaml pins it: helm
 * then renders every template of ours, and none of theirs (those are their projects' to test).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ROOT, TOOLS, versions } from '../../../scripts/platform/layout';

export const CHART = path.join(ROOT, 'charts', 'shop');
export const VALUES_FILES = ['values.yaml', 'values-kind.yaml', 'values-production.yaml'] as const;
export const HELM = path.join(TOOLS, 'bin', 'helm');
export const KUBERNETES_VALIDATE = path.join(
  TOOLS,
  `kubernetes-validate-${versions().KUBERNETES_VALIDATE_VERSION}`,
  'bin',
  'kubernetes-validate',
);
export const DAPR_CRDS = path.join(TOOLS, `dapr-crds-${versions().DAPR_VERSION}`);

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown> & {
    template?: { metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: PodSpec };
  };
  [k: string]: unknown;
}
export interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  securityContext?: Record<string, unknown>;
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}
export interface PodSpec {
  securityContext?: Record<string, unknown>;
  containers: Container[];
}

export function run(command: string, args: string[], input?: string): { status: number; out: string } {
  const res = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (res.error) throw res.error;
  return { status: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

let prepared: string | undefined;

/** A temporary copy of the chart (symlinks resolved) with stand-ins for its dependencies. */
export function preparedChart(): string {
  if (prepared) return prepared;
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'shop-chart-')), 'shop');
  cpSync(CHART, dir, { recursive: true, dereference: true });
  const chart = parse(readFileSync(path.join(CHART, 'Chart.yaml'), 'utf8')) as {
    dependencies: { name: string; version: string }[];
  };
  for (const dep of chart.dependencies) {
    mkdirSync(path.join(dir, 'charts', dep.name), { recursive: true });
    writeFileSync(
      path.join(dir, 'charts', dep.name, 'Chart.yaml'),
      `apiVersion: v2\nname: ${dep.name}\nversion: ${dep.version}\ndescription: offline stand-in for tests\n`,
    );
    // One marker object, so a test can see whether the dependency's condition let it in.
    mkdirSync(path.join(dir, 'charts', dep.name, 'templates'), { recursive: true });
    writeFileSync(
      path.join(dir, 'charts', dep.name, 'templates', 'stand-in.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stand-in-${dep.name}\n`,
    );
  }
  prepared = dir;
  return dir;
}

export function cleanUp(): void {
  if (prepared) rmSync(path.dirname(prepared), { recursive: true, force: true });
  prepared = undefined;
}

export function helm(args: string[]): { status: number; out: string } {
  return run(HELM, args);
}

/** `helm template` with one values file (and extra --set flags); the objects it renders. */
export function render(valuesFile: string, extra: string[] = []): { yaml: string; objects: K8sObject[] } {
  const dir = preparedChart();
  const res = helm(['template', 'shop', dir, '--namespace', 'shop', '-f', path.join(dir, valuesFile), ...extra]);
  if (res.status !== 0) throw new Error(`helm template -f ${valuesFile} ${extra.join(' ')} failed:\n${res.out}`);
  const objects = parseAllDocuments(res.out)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
  return { yaml: res.out, objects };
}
