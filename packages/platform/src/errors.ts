import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

export const PROBLEM_TYPE_BASE = 'https://shop.example/problems/';
const TYPE_BASE = PROBLEM_TYPE_BASE;

/**
 * The one error type the apps throw on purpose. It becomes an RFC 9457 problem document;
 * `type` is a stable identifier clients can branch on.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  /** Response headers that belong with the problem, such as Retry-After. */
  headers: Record<string, string> = {};
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }

  withHeaders(headers: Record<string, string>): this {
    this.headers = { ...this.headers, ...headers };
    return this;
  }

  static badRequest(detail: string, extensions?: Record<string, unknown>): AppError {
    return new AppError(400, 'validation-error', 'The request is not valid', detail, extensions);
  }
  static notFound(detail: string): AppError {
    return new AppError(404, 'not-found', 'Not found', detail);
  }
  static unauthorized(detail: string): AppError {
    return new AppError(401, 'unauthorized', 'Authentication required', detail);
  }
  static unavailable(detail: string): AppError {
    return new AppError(503, 'unavailable', 'Service unavailable', detail);
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export function toProblem(err: AppError, instance?: string): Problem {
  return {
    ...err.extensions,
    type: TYPE_BASE + err.type,
    title: err.title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    ...(instance ? { instance } : {}),
  };
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(AppError.notFound(`no route for ${req.method} ${req.path}`));
};

/** Express body-parser errors carry a status and a type; map them to problems too. */
function fromBodyParser(err: unknown): AppError | undefined {
  if (typeof err !== 'object' || err === null || !('type' in err)) return undefined;
  const e = err as { type: string; status?: number };
  if (e.type === 'entity.too.large') return new AppError(413, 'payload-too-large', 'The request body is too large');
  if (e.type === 'entity.parse.failed') return AppError.badRequest('the body is not valid JSON');
  if (e.status && e.status >= 400 && e.status < 500) return new AppError(e.status, 'bad-request', 'Bad request');
  return undefined;
}

/** The single error handler: problem+json out, never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : fromBodyParser(err);
    const appError = known ?? new AppError(500, 'internal', 'Internal error', 'an unexpected error occurred');
    if (!known) logger.error({ err, method: req.method, path: req.path }, 'unhandled error');
    if (res.headersSent) return;
    res.set(appError.headers);
    res.status(appError.status).type('application/problem+json').json(toProblem(appError, req.originalUrl));
  };
}
