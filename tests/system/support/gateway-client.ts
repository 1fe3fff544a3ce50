/** Calls the public API like a client would, and checks every answer against the OpenAPI document. */
import type { OpenApiConformance } from './openapi-conformance';

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

export interface ApiRequest {
  method?: string;
  token?: string;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export class GatewayClient {
  /** Every response this client saw that the document does not describe. */
  readonly nonConforming: string[] = [];
  checked = 0;

  constructor(
    readonly origin: string,
    private readonly conformance?: OpenApiConformance,
  ) {}

  async call<T = unknown>(path: string, req: ApiRequest = {}): Promise<ApiResponse<T>> {
    const headers = new Headers(req.headers);
    if (req.token) headers.set('authorization', `Bearer ${req.token}`);
    if (req.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
    const res = await fetch(`${this.origin}/api/v1${path}`, {
      method: req.method ?? 'GET',
      headers,
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
      ...(req.rawBody !== undefined ? { body: req.rawBody } : {}),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      // not JSON: kept as text
    }
    if (this.conformance) {
      this.checked += 1;
      this.nonConforming.push(
        ...this.conformance.problems({
          method: req.method ?? 'GET',
          path: path.split('?')[0] as string,
          status: res.status,
          contentType: res.headers.get('content-type'),
          body,
        }),
      );
    }
    return { status: res.status, headers: res.headers, body: body as T };
  }
}
