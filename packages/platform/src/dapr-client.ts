/**
 * A thin client for the Dapr sidecar's HTTP API. We talk to daprd directly rather than
 * through the JS SDK so every failure is an exception (the SDK's publish returns `{error}`)
 * and every call carries the API token.
 */
export interface DaprClientOptions {
  host: string;
  httpPort: number;
  apiToken: string;
  /** Per-call timeout; resiliency policies proper live in the Resiliency resource. */
  timeoutMs?: number;
}

export class DaprError extends Error {
  override readonly name = 'DaprError';
  constructor(
    message: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
  }
}

export interface BulkEntry {
  entryId: string;
  event: unknown;
  contentType: string;
  metadata?: Record<string, string>;
}

export interface BulkPublishResult {
  failedEntries: { entryId: string; error: string }[];
}

export class DaprClient {
  private readonly base: string;
  constructor(private readonly opts: DaprClientOptions) {
    this.base = `http://${opts.host}:${opts.httpPort}`;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('dapr-api-token', this.opts.apiToken);
    try {
      return await fetch(this.base + path, {
        ...init,
        headers,
        signal: init.signal ?? AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new DaprError(`sidecar unreachable at ${this.base}${path}: ${(err as Error).message}`);
    }
  }

  private static async ensureOk(res: Response, what: string): Promise<void> {
    if (res.ok) return;
    const body = await res.text();
    throw new DaprError(`${what} failed with HTTP ${res.status}: ${body}`, res.status, body);
  }

  /** True when the sidecar is up and its components are initialised. */
  async isHealthy(): Promise<boolean> {
    try {
      const res = await this.call('/v1.0/healthz', { signal: AbortSignal.timeout(2_000) });
      return res.status === 204 || res.ok;
    } catch {
      return false;
    }
  }

  async publish(
    pubsub: string,
    topic: string,
    data: unknown,
    opts: { contentType?: string; metadata?: Record<string, string> } = {},
  ): Promise<void> {
    const qs = new URLSearchParams(
      Object.entries(opts.metadata ?? {}).map(([k, v]): [string, string] => [`metadata.${k}`, v]),
    );
    const res = await this.call(`/v1.0/publish/${pubsub}/${encodeURIComponent(topic)}?${qs}`, {
      method: 'POST',
      headers: { 'content-type': opts.contentType ?? 'application/json' },
      body: JSON.stringify(data),
    });
    await DaprClient.ensureOk(res, `publish to ${topic}`);
  }

  /**
   * Dapr's bulk publish: one sidecar call and one Kafka produce request for many events.
   * A 500 with `failedEntries` means a partial failure; the caller retries only those.
   */
  async bulkPublish(pubsub: string, topic: string, entries: BulkEntry[]): Promise<BulkPublishResult> {
    const res = await this.call(`/v1.0-alpha1/publish/bulk/${pubsub}/${encodeURIComponent(topic)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(entries),
    });
    if (res.ok) return { failedEntries: [] };
    const text = await res.text();
    try {
      const parsed = JSON.parse(text) as { failedEntries?: { entryId: string; error: string }[] };
      if (parsed.failedEntries?.length) return { failedEntries: parsed.failedEntries };
    } catch {
      // not a bulk response: fall through
    }
    throw new DaprError(`bulk publish to ${topic} failed with HTTP ${res.status}: ${text}`, res.status, text);
  }

  /** Reads one key from a state store; undefined when absent. The etag allows a guarded update. */
  async getState<T>(store: string, key: string): Promise<{ value: T; etag?: string } | undefined> {
    const res = await this.call(`/v1.0/state/${store}/${encodeURIComponent(key)}`);
    if (res.status === 204) return undefined;
    await DaprClient.ensureOk(res, `get state ${key}`);
    const text = await res.text();
    if (text === '') return undefined;
    const etag = res.headers.get('etag') ?? undefined;
    return { value: JSON.parse(text) as T, ...(etag ? { etag } : {}) };
  }

  /** Reads many keys at once; absent keys are left out. */
  async getBulkState<T>(store: string, keys: string[]): Promise<Map<string, T>> {
    const res = await this.call(`/v1.0/state/${store}/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ keys }),
    });
    await DaprClient.ensureOk(res, 'get bulk state');
    const items = (await res.json()) as { key: string; data?: T }[];
    return new Map(items.filter((i) => i.data !== undefined).map((i) => [i.key, i.data as T]));
  }

  /**
   * Saves one key. `firstWrite` succeeds only if the key does not exist yet, and `etag`
   * only if nobody changed it since it was read: both return false instead of throwing
   * when the store refuses the write, so callers can tell "already there" from a failure.
   * `ttlSeconds` lets the store expire the key.
   */
  async saveState(
    store: string,
    item: { key: string; value: unknown; etag?: string; firstWrite?: boolean; ttlSeconds?: number },
  ): Promise<boolean> {
    const res = await this.call(`/v1.0/state/${store}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          key: item.key,
          value: item.value,
          ...(item.etag ? { etag: item.etag } : {}),
          ...(item.firstWrite || item.etag ? { options: { concurrency: 'first-write' } } : {}),
          ...(item.ttlSeconds ? { metadata: { ttlInSeconds: String(item.ttlSeconds) } } : {}),
        },
      ]),
    });
    if (res.ok) return true;
    const body = await res.text();
    // A refused conditional write: 409 or an etag mismatch; for a first-write without an etag,
    // Redis' own refusal, which daprd wraps as "failed to set key K: ... failed to set key K".
    // The same prefix with any other cause (Redis restarting, unreachable) is a failure, not a
    // duplicate: taking it for one would skip a notification for good (found by the fault run).
    const refused =
      res.status === 409 ||
      (item.etag !== undefined && /etag/i.test(body)) ||
      (item.firstWrite === true && /failed to set key [^:]+: .*failed to set key/i.test(body));
    if ((item.firstWrite || item.etag) && refused) return false;
    throw new DaprError(`save state ${item.key} failed with HTTP ${res.status}: ${body}`, res.status, body);
  }

  /** Deletes one key; deleting an absent key is not an error. */
  async deleteState(store: string, key: string): Promise<void> {
    const res = await this.call(`/v1.0/state/${store}/${encodeURIComponent(key)}`, { method: 'DELETE' });
    await DaprClient.ensureOk(res, `delete state ${key}`);
  }

  /** Service invocation through the sidecars, so the Resiliency policies apply. */
  async invoke(appId: string, method: string, init: RequestInit = {}): Promise<Response> {
    return this.call(`/v1.0/invoke/${appId}/method/${method.replace(/^\//, '')}`, init);
  }
}

/** Why daprd could not get an answer from the target app. */
export type InvocationFailure = 'circuit-open' | 'timeout' | 'unavailable';

/**
 * Reads daprd's answer to a failed service invocation: its Resiliency policy turned a slow
 * target into a timeout, or a failing one into an open circuit breaker. daprd says which
 * only in its error text (pinned by a unit test, as a Dapr upgrade could reword it).
 *
 * A timed-out attempt is usually "context deadline exceeded", but daprd 1.18 can race its own
 * timeout and answer "rpc error: code = Internal … context canceled" instead (dapr/dapr#10433).
 * The caller gives daprd far longer than its policy, so a cancelled context is daprd's timeout.
 */
export function invocationFailure(status: number, body: string): InvocationFailure {
  if (/circuit breaker is open|too many requests/i.test(body)) return 'circuit-open';
  if (/deadline exceeded|context canceled|timeout|timed out/i.test(body)) return 'timeout';
  return status === 504 ? 'timeout' : 'unavailable';
}
