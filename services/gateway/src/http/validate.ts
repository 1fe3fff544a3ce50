import { AppError } from '@shop/platform';
import type { RequestHandler } from 'express';
import { z } from 'zod';

/** Parses input with its schema; a 400 problem lists every issue with its place. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data as z.infer<S>;
  throw AppError.badRequest(`the ${where} is not valid: ${z.prettifyError(parsed.error)}`, {
    errors: parsed.error.issues.map((i) => ({ in: where, path: i.path.join('.'), message: i.message })),
  });
}

/** A body that is not JSON is refused before it is read as one. */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.is(['application/json', 'application/*+json'])) return next();
  next(new AppError(415, 'unsupported-media-type', 'Unsupported media type', 'send the body as application/json'));
};
