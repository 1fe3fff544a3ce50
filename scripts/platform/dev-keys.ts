/**
 * The local identity provider's signing key: generated once by setup into the git-ignored
 * platform folder. The gateway verifies tokens against its public half (a JWKS file);
 * `npm run token` signs with the private half. In a cluster the gateway reads a real
 * provider's JWKS URL instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { PLATFORM_HOME } from './layout';

export const DEV_ISSUER = 'https://shop.local/dev-issuer';
export const DEV_AUDIENCE = 'shop-api';
export const DEV_ALG = 'ES256';

const KEY_DIR = path.join(PLATFORM_HOME, 'keys');
export const DEV_PRIVATE_KEY_FILE = path.join(KEY_DIR, 'dev-signing-key.jwk.json');
export const DEV_JWKS_FILE = path.join(KEY_DIR, 'dev-jwks.json');

/** Creates the key pair unless it exists; returns true when it created one. */
export async function ensureDevKeys(): Promise<boolean> {
  if (existsSync(DEV_PRIVATE_KEY_FILE) && existsSync(DEV_JWKS_FILE)) return false;
  const { publicKey, privateKey } = await generateKeyPair(DEV_ALG, { extractable: true });
  const kid = `dev-${new Date().toISOString().slice(0, 10)}-${Math.random().toString(36).slice(2, 8)}`;
  const common = { kid, alg: DEV_ALG, use: 'sig' };
  mkdirSync(KEY_DIR, { recursive: true, mode: 0o700 });
  writeFileSync(DEV_PRIVATE_KEY_FILE, JSON.stringify({ ...(await exportJWK(privateKey)), ...common }), { mode: 0o600 });
  writeFileSync(DEV_JWKS_FILE, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), ...common }] }, null, 2));
  return true;
}

export interface TokenRequest {
  sub: string;
  role: string;
  /** Lifetime in seconds; negative gives an already expired token (for tests). */
  ttlSeconds?: number;
}

/** A token the local gateway accepts, signed with the dev key. */
export async function signDevToken(req: TokenRequest): Promise<string> {
  if (!existsSync(DEV_PRIVATE_KEY_FILE))
    throw new Error(`no dev signing key at ${DEV_PRIVATE_KEY_FILE}: run 'npm run setup'`);
  const jwk = JSON.parse(readFileSync(DEV_PRIVATE_KEY_FILE, 'utf8')) as JWK & { kid: string };
  const key = await importJWK(jwk, DEV_ALG);
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: req.role })
    .setProtectedHeader({ alg: DEV_ALG, kid: jwk.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(DEV_AUDIENCE)
    .setSubject(req.sub)
    .setIssuedAt(now)
    .setExpirationTime(now + (req.ttlSeconds ?? 3600))
    .sign(key);
}

/** The gateway's settings for the dev issuer. */
export const devJwtEnv = (): Record<string, string> => ({
  JWT_JWKS_FILE: DEV_JWKS_FILE,
  JWT_ISSUER: DEV_ISSUER,
  JWT_AUDIENCE: DEV_AUDIENCE,
});

if (require.main === module) {
  ensureDevKeys()
    .then((created) => console.log(created ? `created ${DEV_JWKS_FILE}` : `exists: ${DEV_JWKS_FILE}`))
    .catch((err: unknown) => {
      console.error((err as Error).message);
      process.exit(1);
    });
}
