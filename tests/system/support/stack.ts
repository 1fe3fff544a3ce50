/**
 * Helpers for system tests on the real stack (profile `test`): calls through the apps' own
 * sidecars with their API tokens, SQL against the services' databases, and polling.
 */
import pg from 'pg';
import { profile, type AppId } from '../../../scripts/platform/layout';
import type { RunningPlatform } from '../../../scripts/platform/platform';
import { sleep } from '../../../scripts/platform/processes';

export const p = profile('test');

export async function poll<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(250);
  }
}

export async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export class Stack {
  constructor(readonly platform: RunningPlatform) {}

  db(app: 'order' | 'inventory' | 'payment'): string {
    return this.platform.infra.databaseUrls[app] as string;
  }

  /** Calls an app by service invocation through its own sidecar, as another app would. */
  invoke(app: AppId, path: string, init: RequestInit = {}, token?: string): Promise<Response> {
    const headers = new Headers(init.headers);
    if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
    headers.set('dapr-api-token', token ?? this.platform.secrets.tokens[app].daprApiToken);
    return fetch(`http://127.0.0.1:${p.apps[app].daprHttp}/v1.0/invoke/${app}/method/${path}`, {
      ...init,
      headers,
      signal: AbortSignal.timeout(30_000),
    });
  }

  async json<T>(app: AppId, path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.invoke(app, path, init);
    if (!res.ok) throw new Error(`${app} ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Publishes through a sidecar's pub/sub API, as an app would. */
  publish(
    via: AppId,
    topic: string,
    body: string,
    contentType: string,
    metadata: { partitionKey: string } | { partitionNumber: number },
  ): Promise<Response> {
    const qs = new URLSearchParams(
      Object.entries(metadata).map(([k, v]): [string, string] => [`metadata.${k}`, String(v)]),
    );
    return fetch(`http://127.0.0.1:${p.apps[via].daprHttp}/v1.0/publish/pubsub/${topic}?${qs}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'dapr-api-token': this.platform.secrets.tokens[via].daprApiToken },
      body,
    });
  }
}
