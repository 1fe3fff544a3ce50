import { readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PLATFORM_HOME = process.env.PLATFORM_HOME ?? path.join(ROOT, '.platform');
export const TOOLS = path.join(PLATFORM_HOME, 'tools');

/** Pinned versions, read from the one file that records them. */
export function versions(): Record<string, string> {
  const text = readFileSync(path.join(ROOT, 'scripts', 'versions.sh'), 'utf8');
  return Object.fromEntries(
    [...text.matchAll(/^([A-Z][A-Z0-9_]*)=(\S+)$/gm)].map((m) => [m[1] as string, m[2] as string]),
  );
}

export const APPS = ['gateway', 'order', 'inventory', 'payment', 'notification', 'psp'] as const;
export type AppId = (typeof APPS)[number];

/** The apps that own a PostgreSQL database, and its name. */
export const DATABASES: Partial<Record<AppId, string>> = {
  order: 'orders_db',
  inventory: 'inventory_db',
  payment: 'payments_db',
};

export interface AppPorts {
  app: number;
  daprHttp: number;
  daprGrpc: number;
  daprInternalGrpc: number;
  daprMetrics: number;
}

/**
 * A profile is one independent copy of the platform: its own ports, data and logs.
 * `dev` is what `npm start` runs; `test` is what the system tests boot, so they can run
 * while a dev platform is up; `load` is what `npm run bench` and `npm run chaos` boot. Ports sit below Linux's ephemeral range (32768+) so an
 * outgoing connection never holds one, and away from common defaults.
 */
export interface Profile {
  name: string;
  home: string;
  data: string;
  logs: string;
  run: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  postgresPort: number;
  redisPort: number;
  /** Tempo: its HTTP API, the OTLP receivers, and its own gRPC port. */
  tempo: { http: number; otlpGrpc: number; otlpHttp: number; internalGrpc: number };
  prometheus: number;
  /** Serves Kafka consumer lag for Prometheus (packages/kafka-lag-exporter). */
  kafkaLagExporter: number;
  apps: Record<AppId, AppPorts>;
}

const PORT_BASES = { dev: 21000, test: 22000, load: 23000 } as const;

export function profile(name: keyof typeof PORT_BASES): Profile {
  const base = Number(process.env.PLATFORM_PORT_BASE ?? PORT_BASES[name]);
  const home = path.join(PLATFORM_HOME, name);
  const apps = Object.fromEntries(
    APPS.map((id, i) => [
      id,
      {
        // The design fixes the gateway at 8080 for the dev platform.
        app: id === 'gateway' && name === 'dev' ? 8080 : base + 1 + i,
        daprHttp: base + 101 + i,
        daprGrpc: base + 201 + i,
        daprInternalGrpc: base + 301 + i,
        daprMetrics: base + 401 + i,
      },
    ]),
  ) as Record<AppId, AppPorts>;
  return {
    name,
    home,
    data: path.join(home, 'data'),
    logs: path.join(home, 'logs'),
    run: path.join(home, 'run'),
    kafkaPort: base + 901,
    kafkaControllerPort: base + 902,
    postgresPort: base + 903,
    redisPort: base + 904,
    // The dev platform uses Tempo's usual ports, as the design asks; the test profile its own.
    tempo:
      name === 'dev'
        ? { http: 3200, otlpGrpc: 4317, otlpHttp: 4318, internalGrpc: base + 908 }
        : { http: base + 905, otlpGrpc: base + 906, otlpHttp: base + 907, internalGrpc: base + 908 },
    // Prometheus on its usual port for dev, as the design asks.
    prometheus: name === 'dev' ? 9090 : base + 909,
    kafkaLagExporter: base + 910,
    apps,
  };
}

/**
 * Ports of an extra copy of an app (replica 2, 3, ...), as a second pod would have its own:
 * the block above the apps' ports, ten per replica.
 */
export function replicaPorts(p: Profile, replica: number): AppPorts {
  const base = p.kafkaPort - 901 + 500 + (replica - 2) * 10;
  return { app: base + 1, daprHttp: base + 2, daprGrpc: base + 3, daprInternalGrpc: base + 4, daprMetrics: base + 5 };
}
