/**
 * The platform chart, offline: helm lint, helm template with each values file, every rendered
 * object against the Kubernetes API schemas (kubernetes-validate, strict) and every Dapr
 * resource against the CRDs of Dapr's own chart, plus the chart's rules.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  CHART,
  cleanUp,
  DAPR_CRDS,
  helm,
  KUBERNETES_VALIDATE,
  preparedChart,
  render,
  run,
  VALUES_FILES,
  type Container,
  type K8sObject,
} from './support/render';

afterAll(cleanUp);

const rendered = Object.fromEntries(VALUES_FILES.map((f) => [f, render(f)])) as Record<
  (typeof VALUES_FILES)[number],
  ReturnType<typeof render>
>;
const KUBERNETES_VERSION = '1.37.0';
/** Kinds of other projects' CRDs, which no offline schema covers (their operators validate them). */
const THIRD_PARTY_GROUPS = ['kafka.strimzi.io', 'postgresql.cnpg.io', 'monitoring.coreos.com'];
const group = (o: K8sObject): string => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '');

function kubernetesValidate(objects: K8sObject[]): { status: number; out: string } {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'k8s-validate-')), 'objects.yaml');
  writeFileSync(file, objects.map((o) => stringify(o)).join('---\n'));
  return run(KUBERNETES_VALIDATE, ['--strict', '--quiet', '--no-warn', '-k', KUBERNETES_VERSION, file]);
}

/** One validator per Dapr kind and version, from the CRDs Dapr's chart ships. */
function daprValidators(): Map<string, ValidateFunction> {
  // OpenAPI's numeric formats are ranges Kubernetes checks itself; they are not JSON Schema formats.
  const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, byte: true } });
  const validators = new Map<string, ValidateFunction>();
  for (const file of readdirSync(DAPR_CRDS).filter((f) => f.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(readFileSync(path.join(DAPR_CRDS, file), 'utf8'))) {
      const crd = doc.toJS() as {
        kind?: string;
        spec?: {
          group: string;
          names: { kind: string };
          versions: { name: string; schema: { openAPIV3Schema: object } }[];
        };
      } | null;
      if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
      for (const v of crd.spec.versions) {
        // Structural schemas reject unknown fields; say so explicitly for Ajv.
        validators.set(
          `${crd.spec.group}/${v.name}/${crd.spec.names.kind}`,
          ajv.compile(closeObjects(v.schema.openAPIV3Schema) as object),
        );
      }
    }
  }
  return validators;
}

/** Kubernetes prunes unknown fields of structural schemas; as a check, treat them as errors. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const s = Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, closeObjects(v)])) as Record<string, unknown>;
  if (
    s.type === 'object' &&
    s.properties &&
    s['x-kubernetes-preserve-unknown-fields'] !== true &&
    s.additionalProperties === undefined
  ) {
    s.additionalProperties = false;
  }
  return s;
}

function validateDapr(validators: Map<string, ValidateFunction>, o: K8sObject): string[] {
  const validate = validators.get(`${o.apiVersion}/${o.kind}`);
  if (!validate) return [`${o.kind} ${o.metadata.name}: no CRD for ${o.apiVersion}`];
  // metadata is the API server's to check; the CRD schema describes the rest.
  const { metadata: _metadata, ...rest } = o;
  return validate({ ...rest, metadata: {} })
    ? []
    : (validate.errors ?? []).map((e) => `${o.kind} ${o.metadata.name}${e.instancePath}: ${e.message}`);
}

const workloads = (objects: K8sObject[]): K8sObject[] => objects.filter((o) => o.kind === 'Deployment');
const containersOf = (o: K8sObject): Container[] => o.spec?.template?.spec.containers ?? [];

describe('helm', () => {
  it('lints the chart with every values file', () => {
    for (const f of VALUES_FILES) {
      const res = helm(['lint', preparedChart(), '-f', path.join(preparedChart(), f), '--strict']);
      expect({ f, status: res.status, out: res.status === 0 ? '' : res.out }).toEqual({ f, status: 0, out: '' });
    }
  });

  it('renders the services, their Dapr resources and the platform objects with every values file', () => {
    for (const f of VALUES_FILES) {
      const kinds = new Set(rendered[f].objects.map((o) => o.kind));
      for (const k of [
        'Deployment',
        'Service',
        'NetworkPolicy',
        'Component',
        'Configuration',
        'Resiliency',
        'Subscription',
        'PodMonitor',
        'ConfigMap',
      ])
        expect({ f, k, present: kinds.has(k) }).toEqual({ f, k, present: true });
      expect(
        workloads(rendered[f].objects)
          .map((d) => d.metadata.name)
          .sort(),
      ).toEqual(['gateway', 'inventory', 'notification', 'order', 'payment', 'psp'].map((s) => `shop-${s}`));
    }
  });

  it('refuses values that break values.schema.json', () => {
    const dir = preparedChart();
    const bad = helm(['template', 'shop', dir, '--set', 'dapr.metricsPort=9090']);
    expect(bad.status).not.toBe(0);
    expect(bad.out).toMatch(/metricsPort/);
    const plaintext = helm(['template', 'shop', dir, '--set', 'services.order.env.DB_PASSWORD=hunter2']);
    expect(plaintext.status).not.toBe(0);
    const sampling = helm(['template', 'shop', dir, '--set', 'dapr.tracing.samplingRate=2']);
    expect(sampling.status).not.toBe(0);
    expect(sampling.out).toMatch(/samplingRate/);
  });
});

describe('schemas', () => {
  it(`validates every built-in object against the Kubernetes ${KUBERNETES_VERSION} API schemas (strict)`, () => {
    for (const f of VALUES_FILES) {
      const builtIns = rendered[f].objects.filter(
        (o) => !THIRD_PARTY_GROUPS.includes(group(o)) && group(o) !== 'dapr.io',
      );
      expect(builtIns.length).toBeGreaterThan(30);
      const res = kubernetesValidate(builtIns);
      expect({ f, status: res.status, out: res.out.trim() }).toEqual({ f, status: 0, out: '' });
    }
  });

  it('would catch an unknown field or a wrong type (the validator is not a no-op)', () => {
    const deployment = structuredClone(workloads(rendered['values.yaml'].objects)[0]!);
    (deployment.spec as Record<string, unknown>).replicaz = 2;
    expect(kubernetesValidate([deployment]).status).not.toBe(0);
    const service = structuredClone(rendered['values.yaml'].objects.find((o) => o.kind === 'Service')!);
    (service.spec as { ports: { port: unknown }[] }).ports[0]!.port = 'eighty';
    expect(kubernetesValidate([service]).status).not.toBe(0);
  });

  it("validates every Dapr resource against the CRDs of Dapr's own chart", () => {
    const validators = daprValidators();
    expect(validators.size).toBeGreaterThanOrEqual(5);
    for (const f of VALUES_FILES) {
      const dapr = rendered[f].objects.filter((o) => group(o) === 'dapr.io');
      expect(dapr.length).toBeGreaterThanOrEqual(16);
      expect(dapr.flatMap((o) => validateDapr(validators, o))).toEqual([]);
    }
    // And a broken one fails.
    const sub = structuredClone(rendered['values.yaml'].objects.find((o) => o.kind === 'Subscription')!);
    (sub.spec as Record<string, unknown>).deadLetterTopik = 'x';
    expect(validateDapr(validators, sub)).not.toEqual([]);
  });
});

describe('rules', () => {
  for (const f of VALUES_FILES) {
    describe(f, () => {
      const objects = rendered[f].objects;

      it('runs every container non-root, without privilege escalation, with a read-only root filesystem (but for live update on kind)', () => {
        const readOnly = f !== 'values-kind.yaml';
        const pods = [
          ...workloads(objects).map((d) => ({ name: d.metadata.name, spec: d.spec!.template!.spec })),
          ...objects
            .filter((o) => o.kind === 'Pod')
            .map((p) => ({
              name: p.metadata.name,
              spec: p.spec as never as { securityContext?: Record<string, unknown>; containers: Container[] },
            })),
        ];
        expect(pods.length).toBeGreaterThan(0);
        for (const pod of pods) {
          expect({ pod: pod.name, runAsNonRoot: pod.spec.securityContext?.runAsNonRoot }).toEqual({
            pod: pod.name,
            runAsNonRoot: true,
          });
          for (const c of pod.spec.containers) {
            expect({ pod: pod.name, c: c.name, sc: c.securityContext }).toMatchObject({
              sc: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: readOnly || pod.name === 'shop-test-gateway',
                capabilities: { drop: ['ALL'] },
              },
            });
            expect(c.resources?.limits?.memory).toBeDefined();
          }
        }
      });

      it('probes every service on /healthz (liveness, startup) and /readyz (readiness)', () => {
        for (const d of workloads(objects)) {
          const [app] = containersOf(d);
          expect({
            d: d.metadata.name,
            live: app?.livenessProbe,
            start: app?.startupProbe,
            ready: app?.readinessProbe,
          }).toMatchObject({
            live: { httpGet: { path: '/healthz' } },
            start: { httpGet: { path: '/healthz' } },
            ready: { httpGet: { path: '/readyz' } },
          });
        }
      });

      it('annotates every pod for its Dapr sidecar: app id, port, config, metrics, JSON logs, tokens, resources', () => {
        const configName = objects.find((o) => o.kind === 'Configuration')?.metadata.name;
        for (const d of workloads(objects)) {
          const app = d.metadata.labels!['app.kubernetes.io/name']!;
          const a = d.spec!.template!.metadata.annotations;
          const port = (containersOf(d)[0] as unknown as { ports: { containerPort: number }[] }).ports[0]!
            .containerPort;
          expect({ d: app, a }).toMatchObject({
            a: {
              'dapr.io/enabled': 'true',
              'dapr.io/app-id': app,
              'dapr.io/app-port': String(port),
              'dapr.io/config': configName,
              'dapr.io/enable-metrics': 'true',
              'dapr.io/log-as-json': 'true',
              'dapr.io/api-token-secret': `shop-${app}-dapr-api-token`,
              'dapr.io/app-token-secret': `shop-${app}-dapr-app-token`,
            },
          });
          expect(a['dapr.io/metrics-port']).not.toBe('9090');
          // The app needs the same tokens (the injector passes it only the sidecar's ports).
          const env = Object.fromEntries((containersOf(d)[0]?.env ?? []).map((e) => [e.name, e.valueFrom]));
          expect({ d: app, env }).toMatchObject({
            env: {
              DAPR_API_TOKEN: { secretKeyRef: { name: a['dapr.io/api-token-secret'], key: 'token' } },
              APP_API_TOKEN: { secretKeyRef: { name: a['dapr.io/app-token-secret'], key: 'token' } },
            },
          });
          for (const k of ['cpu-request', 'memory-request', 'cpu-limit', 'memory-limit'])
            expect(a[`dapr.io/sidecar-${k}`]).toBeTruthy();
        }
      });

      it('samples traces at one rate in every sidecar and every app (every order but in production)', () => {
        const configuration = objects.find((o) => o.kind === 'Configuration') as unknown as {
          spec: { tracing: { samplingRate: string } };
        };
        const rate = configuration.spec.tracing.samplingRate;
        expect(rate).toBe(f === 'values-production.yaml' ? '0.1' : '1');
        for (const d of workloads(objects)) {
          const env = Object.fromEntries((containersOf(d)[0]?.env ?? []).map((e) => [e.name, e.value]));
          expect({ d: d.metadata.name, sampler: env.OTEL_TRACES_SAMPLER, arg: env.OTEL_TRACES_SAMPLER_ARG }).toEqual({
            d: d.metadata.name,
            sampler: 'parentbased_traceidratio',
            arg: rate,
          });
        }
      });

      it('puts no secret in plain text: secret-looking variables come from Secrets, values files hold references only', () => {
        for (const d of workloads(objects))
          for (const c of containersOf(d))
            for (const e of c.env ?? [])
              if (/PASSWORD|SECRET|TOKEN|PRIVATE|REDIS_URL/.test(e.name))
                expect({ d: d.metadata.name, e: e.name, plain: e.value }).toEqual({
                  d: d.metadata.name,
                  e: e.name,
                  plain: undefined,
                });
        const values = parse(readFileSync(path.join(CHART, f), 'utf8')) as unknown;
        const leaks: string[] = [];
        const walk = (v: unknown, at: string): void => {
          if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
          else if (
            typeof v === 'string' &&
            /(password|passwd|token|apikey|privatekey|credentials?)$/i.test(at.split('.').pop()!)
          )
            leaks.push(at);
        };
        walk(values, '');
        expect(leaks).toEqual([]);
        // Generated Secrets only where the values ask for them; production and kind bring their own.
        const secrets = objects.filter((o) => o.kind === 'Secret');
        if (f !== 'values.yaml') expect(secrets).toEqual([]);
        else expect(secrets.length).toBeGreaterThan(0);
      });

      it('denies all traffic by default and gives every service pod a policy for both directions', () => {
        const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as (K8sObject & {
          spec: {
            podSelector: { matchLabels?: Record<string, string> };
            policyTypes: string[];
            ingress?: unknown[];
            egress?: unknown[];
          };
        })[];
        const selects = (sel: Record<string, string> | undefined, labels: Record<string, string>): boolean =>
          Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);
        const deny = policies.find((p) => p.spec.ingress === undefined && p.spec.egress === undefined);
        expect(deny?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
        for (const d of workloads(objects)) {
          const labels = d.spec!.template!.metadata.labels;
          expect(selects(deny!.spec.podSelector.matchLabels, labels)).toBe(true);
          const own = policies.filter((p) => p !== deny && selects(p.spec.podSelector.matchLabels, labels));
          expect({ d: d.metadata.name, n: own.length }).toEqual({ d: d.metadata.name, n: 1 });
          expect(own[0]!.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
        }
        // Only the gateway is reachable from outside the platform; only database owners reach PostgreSQL.
        const text = (name: string): string => JSON.stringify(policies.find((p) => p.metadata.name === `shop-${name}`));
        expect(text('gateway')).toContain('helm-test');
        expect(text('order')).not.toContain('helm-test');
        expect(text('order')).toContain('5432');
        expect(text('psp')).not.toContain('5432');
        expect(text('psp')).not.toContain('9092');
      });

      it('ships the Grafana dashboards and datasources as ConfigMaps for the sidecar, and a PodMonitor for apps and sidecars', () => {
        const maps = objects.filter((o) => o.kind === 'ConfigMap');
        const dashboards = maps.filter((m) => m.metadata.labels?.grafana_dashboard === '1');
        expect(dashboards.map((m) => m.metadata.name).sort()).toEqual(
          ['dapr-sidecars', 'kafka', 'saga-overview', 'services-red'].map((n) => `shop-dashboard-${n}`),
        );
        for (const m of dashboards)
          for (const json of Object.values(m.data as Record<string, string>))
            expect(JSON.parse(json).uid).toMatch(/^shop-/);
        expect(maps.some((m) => m.metadata.labels?.grafana_datasource === '1')).toBe(true);
        const monitor = objects.find((o) => o.kind === 'PodMonitor') as K8sObject & {
          spec: { podMetricsEndpoints: { port?: string; targetPort?: number }[] };
        };
        const metricsPort = Number(workloads(objects)[0]!.spec!.template!.metadata.annotations['dapr.io/metrics-port']);
        expect(monitor.spec.podMetricsEndpoints.map((e) => e.port ?? e.targetPort)).toEqual(['http', metricsPort]);
      });

      it('has resources, and an HPA and a PDB where the values ask for them', () => {
        const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name);
        for (const d of workloads(objects)) {
          if (hpas.includes(d.metadata.name)) expect(d.spec!.replicas).toBeUndefined();
          else expect(d.spec!.replicas).toBeGreaterThanOrEqual(1);
        }
        if (f !== 'values-kind.yaml') {
          expect(hpas).toEqual(expect.arrayContaining(['shop-gateway', 'shop-order']));
          expect(objects.filter((o) => o.kind === 'PodDisruptionBudget').length).toBeGreaterThanOrEqual(4);
        }
      });
    });
  }

  it('has a helm test and NOTES', () => {
    const test = rendered['values.yaml'].objects.find((o) => o.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(test?.kind).toBe('Pod');
    expect(readFileSync(path.join(CHART, 'templates', 'NOTES.txt'), 'utf8')).toContain('port-forward');
  });
});
