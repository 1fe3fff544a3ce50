import { problem } from '@shop/contracts';
import { AppError, DaprError, invocationFailure, PROBLEM_TYPE_BASE, type DaprClient } from '@shop/platform';
import type { Logger } from 'pino';
import type { z } from 'zod';

export interface UpstreamRequest {
  method?: 'GET' | 'POST' | 'PUT';
  body?: unknown;
}

/** What a service answered: a status and a body that matched its contract. */
export interface UpstreamAnswer<T> {
  status: number;
  body: T;
}

const badGateway = (detail: string): AppError =>
  new AppError(502, 'bad-gateway', 'A service answered in a way the gateway does not understand', detail);

/**
 * Calls the services by Dapr service invocation through the gateway's sidecar, where the
 * Resiliency resource applies each target's timeout, retries and circuit breaker. It turns
 * every outcome into either a body that matched the API contract or an AppError:
 * - the services' own problems (4xx, and 503) pass through, without their internal `instance`;
 * - daprd's failures become 503 (circuit open, unreachable) or 504 (timeout) with Retry-After;
 * - anything else, including a body outside the contract, is a 502 that hides the details.
 */
export class ServiceClient {
  constructor(
    private readonly dapr: DaprClient,
    private readonly logger: Logger,
    private readonly timeoutMs: number,
  ) {}

  async call<S extends z.ZodType>(
    app: string,
    path: string,
    req: UpstreamRequest,
    contract: S,
  ): Promise<UpstreamAnswer<z.infer<S>>> {
    let res: Response;
    try {
      res = await this.dapr.invoke(app, path, {
        method: req.method ?? 'GET',
        ...(req.body === undefined
          ? {}
          : { body: JSON.stringify(req.body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      this.logger.warn({ err, app, path }, 'sidecar unreachable');
      throw (err instanceof DaprError ? AppError.unavailable('the gateway cannot reach its sidecar') : err) as Error;
    }
    const text = await res.text();
    if (res.ok) {
      const parsed = contract.safeParse(parseJson(text));
      if (parsed.success) return { status: res.status, body: parsed.data as z.infer<S> };
      this.logger.error({ app, path, status: res.status, issues: parsed.error.issues }, 'answer outside the contract');
      throw badGateway(`${app} answered outside the API contract`);
    }
    throw this.failure(app, path, res, text);
  }

  private failure(app: string, path: string, res: Response, text: string): AppError {
    const isProblem = (res.headers.get('content-type') ?? '').includes('application/problem+json');
    const parsed = isProblem ? problem.safeParse(parseJson(text)) : undefined;
    if (parsed?.success && (res.status < 500 || res.status === 503)) {
      const { type, title, status, detail, instance: _internal, ...extensions } = parsed.data;
      const id = type.startsWith(PROBLEM_TYPE_BASE) ? type.slice(PROBLEM_TYPE_BASE.length) : type;
      return new AppError(status, id, title, detail, extensions);
    }
    const fromDaprd = /"errorCode"\s*:/.test(text);
    this.logger.warn({ app, path, status: res.status, body: text.slice(0, 500) }, 'service call failed');
    if (!fromDaprd) return badGateway(`${app} failed (HTTP ${res.status})`);
    switch (invocationFailure(res.status, text)) {
      case 'circuit-open':
        return new AppError(
          503,
          'upstream-circuit-open',
          'Service temporarily unavailable',
          `${app} is failing; calls to it are paused`,
        ).withHeaders({ 'Retry-After': '10' });
      case 'timeout':
        return new AppError(504, 'upstream-timeout', 'Service timed out', `${app} did not answer in time`);
      default:
        return new AppError(
          503,
          'upstream-unavailable',
          'Service unavailable',
          `${app} cannot be reached now`,
        ).withHeaders({ 'Retry-After': '2' });
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
