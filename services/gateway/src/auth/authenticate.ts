import { AppError } from '@shop/platform';
import type { RequestHandler, Response } from 'express';
import type { Principal, Role } from './principal';
import type { TokenVerifier } from './token-verifier';

type Identity = { principal: Principal } | { error: AppError };

const identityOf = (res: Response): Identity | undefined => res.locals.identity as Identity | undefined;

/**
 * Reads the bearer token, if any, and remembers who the caller is or why the token was
 * refused. It rejects nothing itself: the rate limiter runs next, keyed by the caller when
 * known, and `requireRole` then turns a missing or bad token into a 401.
 */
export function identify(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.header('authorization');
    const match = header ? /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim()) : null;
    let identity: Identity;
    if (!header) identity = { error: AppError.unauthorized('send an Authorization: Bearer <token> header') };
    else if (!match?.[1]) identity = { error: AppError.unauthorized('the Authorization header is not a bearer token') };
    else {
      try {
        identity = { principal: await verifier.verify(match[1]) };
      } catch (err) {
        if (!(err instanceof AppError)) return next(err);
        identity = { error: err };
      }
    }
    res.locals.identity = identity;
    next();
  };
}

/** The verified caller, for handlers behind `requireRole`. */
export function principalOf(res: Response): Principal {
  const identity = identityOf(res);
  if (!identity || !('principal' in identity)) throw new Error('principalOf used on a route without requireRole');
  return identity.principal;
}

/** The caller's key for rate limiting: who they are when the token verified, else where from. */
export function clientKey(res: Response, ip: string | undefined): string {
  const identity = identityOf(res);
  return identity && 'principal' in identity ? `sub:${identity.principal.sub}` : `ip:${ip ?? 'unknown'}`;
}

/** 401 without a valid token (RFC 6750's WWW-Authenticate), 403 without one of the roles. */
export function requireRole(...allowed: Role[]): RequestHandler {
  return (_req, res, next) => {
    const identity = identityOf(res);
    if (!identity) return next(new Error('requireRole used without identify'));
    if ('error' in identity) {
      if (identity.error.status === 401) {
        const code = identity.error.type === 'invalid-token' ? ', error="invalid_token"' : '';
        res.setHeader('WWW-Authenticate', `Bearer realm="shop"${code}`);
      }
      return next(identity.error);
    }
    if (!identity.principal.roles.some((r) => allowed.includes(r))) {
      return next(new AppError(403, 'forbidden', 'Forbidden', `this needs the role ${allowed.join(' or ')}`));
    }
    next();
  };
}
