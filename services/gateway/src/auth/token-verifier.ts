import { readFileSync } from 'node:fs';
import { AppError } from '@shop/platform';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { roles, type Principal, type Role } from './principal';

export interface TokenVerifierOptions {
  issuer: string;
  audience: string;
  roleClaim: string;
  algorithms: string[];
}

/** The signing keys: fetched (and cached, refreshed on an unknown `kid`) from a URL, or read from a file. */
export function keySource(from: { url?: string | undefined; file?: string | undefined }): JWTVerifyGetKey {
  if (from.url) return createRemoteJWKSet(new URL(from.url), { cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
  if (from.file) return createLocalJWKSet(JSON.parse(readFileSync(from.file, 'utf8')) as JSONWebKeySet);
  throw new Error('no JWKS configured');
}

export class InvalidTokenError extends AppError {
  constructor(detail: string) {
    super(401, 'invalid-token', 'The bearer token is not valid', detail);
  }
}

function rolesOf(payload: JWTPayload, claim: string): Role[] {
  const raw = payload[claim];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.filter((v): v is Role => typeof v === 'string' && (roles as readonly string[]).includes(v));
}

/** Why jose refused a token, in words a client can act on (never the token itself). */
function explain(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token is signed by an unknown key';
  if (err instanceof errors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) return 'the signing keys are unavailable';
  return 'the token is malformed';
}

/**
 * Verifies a bearer token with jose: the signature against the configured JWKS, then `iss`,
 * `aud`, `exp` and `nbf` (with a little clock skew), a `sub`, and at least one known role.
 */
export class TokenVerifier {
  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly opts: TokenVerifierOptions,
  ) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.opts.issuer,
        audience: this.opts.audience,
        algorithms: this.opts.algorithms,
        clockTolerance: 5,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      if (err instanceof errors.JWKSTimeout || err instanceof errors.JWKSInvalid) {
        throw AppError.unavailable('the signing keys cannot be fetched now');
      }
      throw new InvalidTokenError(explain(err));
    }
    const granted = rolesOf(payload, this.opts.roleClaim);
    if (!payload.sub || payload.sub.length > 128) throw new InvalidTokenError('the token has no usable sub claim');
    if (granted.length === 0) throw new InvalidTokenError(`the token grants none of the roles ${roles.join(', ')}`);
    return { sub: payload.sub, roles: granted };
  }
}
