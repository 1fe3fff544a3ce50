import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { devJwtEnv } from './dev-keys';
import { ROOT, TOOLS, type AppId, type AppPorts, type Profile } from './layout';
import { startDetached } from './processes';
import type { Secrets } from './secrets';

export interface Infra {
  kafkaBrokers: string;
  redisHost: string;
  redisPassword: string;
  databaseUrls: Record<string, string>;
}

/** What only the gateway needs: the dev issuer's keys and the Redis its replicas share for rate limits. */
function gatewayEnv(infra: Infra): Record<string, string> {
  const password = infra.redisPassword ? `:${encodeURIComponent(infra.redisPassword)}@` : '';
  return { ...devJwtEnv(), RATE_LIMIT_REDIS_URL: `redis://${password}${infra.redisHost}` };
}

/**
 * The sidecars' Configuration (components/configuration/daprd.yaml) with its tracing endpoint
 * pointed at this profile's Tempo: the file is the one source, only the port differs.
 */
export function sidecarConfiguration(p: Profile): string {
  const source = readFileSync(path.join(ROOT, 'components', 'configuration', 'daprd.yaml'), 'utf8');
  const endpoint = /endpointAddress: 127\.0\.0\.1:\d+/;
  if (!endpoint.test(source)) throw new Error('components/configuration/daprd.yaml has no tracing endpointAddress');
  const file = path.join(p.run, 'daprd-configuration.yaml');
  mkdirSync(p.run, { recursive: true });
  let config = source.replace(endpoint, `endpointAddress: 127.0.0.1:${p.tempo.otlpHttp}`);
  const rate = traceSamplingRate();
  if (rate !== undefined) config = config.replace(/samplingRate: '[^']*'/, `samplingRate: '${rate}'`);
  writeFileSync(file, config);
  return file;
}

/**
 * PLATFORM_TRACE_SAMPLING_RATE (0 to 1): the share of traces kept, by the sidecars and the apps
 * alike (e.g. a benchmark of what tracing costs). Unset, every request is traced.
 */
export function traceSamplingRate(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const rate = env.PLATFORM_TRACE_SAMPLING_RATE;
  if (rate !== undefined && !/^(0(\.\d+)?|1(\.0+)?)$/.test(rate)) {
    throw new Error(`PLATFORM_TRACE_SAMPLING_RATE must be a number from 0 to 1, not '${rate}'`);
  }
  return rate;
}

/**
 * The apps' sampler for a sampling rate: follow the caller's decision (a sidecar's traceparent),
 * and keep the same share of the traces an app starts itself (the gateway's, the relays').
 */
export function appSamplerEnv(rate: string | undefined): Record<string, string> {
  return rate === undefined ? {} : { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: rate };
}

/** One running copy of an app: the first uses the app's own name and ports; replicas get theirs. */
export interface Instance {
  name: string;
  ports: AppPorts;
}

const firstInstance = (p: Profile, app: AppId): Instance => ({ name: app, ports: p.apps[app] });

/** The app process: plain node on the compiled service, configured through its environment. */
export function startApp(
  p: Profile,
  app: AppId,
  secrets: Secrets,
  infra: Infra,
  extraEnv: Record<string, string> = {},
  instance: Instance = firstInstance(p, app),
  /** Options for node itself, e.g. `--cpu-prof` (which Node does not take from NODE_OPTIONS). */
  nodeArgs: string[] = [],
): void {
  const { ports } = instance;
  const token = secrets.tokens[app];
  const main = path.join(ROOT, 'services', app, 'dist', 'main.js');
  startDetached(p, instance.name, process.execPath, [...nodeArgs, main], {
    cwd: path.join(ROOT, 'services', app),
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ID: app,
      APP_PORT: String(ports.app),
      DAPR_HTTP_PORT: String(ports.daprHttp),
      DAPR_API_TOKEN: token.daprApiToken,
      APP_API_TOKEN: token.appApiToken,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Tracing (packages/platform/src/telemetry.ts): the standard OpenTelemetry variables.
      OTEL_SERVICE_NAME: app,
      OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT ?? `http://127.0.0.1:${p.tempo.otlpHttp}`,
      OTEL_RESOURCE_ATTRIBUTES: `deployment.environment=${p.name === 'dev' ? 'local' : p.name}`,
      ...appSamplerEnv(traceSamplingRate()),
      ...(infra.databaseUrls[app] ? { DATABASE_URL: infra.databaseUrls[app] } : {}),
      ...(app === 'gateway' ? gatewayEnv(infra) : {}),
      ...extraEnv,
    },
  });
}

/** The app's own daprd, configured from components/ like `dapr run` would. */
export function startSidecar(
  p: Profile,
  app: AppId,
  secrets: Secrets,
  infra: Infra,
  instance: Instance = firstInstance(p, app),
): void {
  const token = secrets.tokens[app];
  startDaprd(p, {
    name: `${instance.name}-daprd`,
    appId: app,
    ports: instance.ports,
    resourcesPath: path.join(ROOT, 'components', 'resources'),
    tokens: token,
    infra,
  });
}

export interface DaprdSpec {
  /** The process name (log and pid file). */
  name: string;
  appId: string;
  ports: AppPorts;
  resourcesPath: string;
  tokens: { daprApiToken: string; appApiToken: string };
  infra: Infra;
  /** False for a sidecar without an app (it only publishes). */
  withApp?: boolean;
}

/** A daprd as the platform runs them all: loopback only, tokens, tracing and metrics. */
export function startDaprd(p: Profile, spec: DaprdSpec): void {
  const { ports, infra } = spec;
  // No app health check (--enable-app-health-check): with it, daprd 1.18 stops the app's
  // subscriptions when the app goes down and starts them again when it is back, and under load
  // that restart races inside the Kafka component and can leave the sidecar consuming nothing
  // until it is restarted (dapr/components-contrib#4349; our fault run, reports/chaos.md, hit
  // it on the first app kill). Without it, events for an app that is down are retried by the
  // inbound resiliency policy (components/resources/resiliency.yaml) and wait in Kafka.
  const appArgs =
    spec.withApp === false
      ? []
      : ['--app-port', String(ports.app), '--app-protocol', 'http', '--app-channel-address', '127.0.0.1'];
  startDetached(
    p,
    spec.name,
    path.join(TOOLS, 'bin', 'daprd'),
    [
      '--app-id',
      spec.appId,
      ...appArgs,
      // Every port on loopback only: the internal gRPC port (sidecar to sidecar, no mTLS
      // locally) and the metrics port would otherwise listen on all interfaces.
      '--dapr-listen-addresses',
      '127.0.0.1',
      '--dapr-internal-grpc-listen-address',
      '127.0.0.1',
      '--metrics-listen-address',
      '127.0.0.1',
      '--dapr-http-port',
      String(ports.daprHttp),
      '--dapr-grpc-port',
      String(ports.daprGrpc),
      '--dapr-internal-grpc-port',
      String(ports.daprInternalGrpc),
      '--metrics-port',
      String(ports.daprMetrics),
      '--resources-path',
      spec.resourcesPath,
      '--config',
      sidecarConfiguration(p),
      '--log-as-json',
      '--log-level',
      process.env.DAPR_LOG_LEVEL ?? 'info',
    ],
    {
      // The name-resolution database (components/configuration) lives in this folder.
      cwd: p.run,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        // The address this sidecar registers for name resolution. Left to itself daprd picks
        // the host's outbound interface address, which a laptop changes with its network (and
        // a VPN or a firewall may filter); every sidecar here runs on this host.
        DAPR_HOST_IP: '127.0.0.1',
        DAPR_API_TOKEN: spec.tokens.daprApiToken,
        APP_API_TOKEN: spec.tokens.appApiToken,
        // Read by the envsecrets store (prefix SHOP_SECRET_) to configure the components.
        SHOP_SECRET_KAFKA_BROKERS: infra.kafkaBrokers,
        SHOP_SECRET_REDIS_HOST: infra.redisHost,
        SHOP_SECRET_REDIS_PASSWORD: infra.redisPassword,
      },
    },
  );
}
