import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keySource, TokenVerifier } from './token-verifier';

const ISSUER = 'https://issuer.test';
const AUDIENCE = 'shop-api';

let signingKey: CryptoKey;
let verifier: TokenVerifier;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256');
  signingKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
  verifier = new TokenVerifier(createLocalJWKSet({ keys: [jwk] }), {
    issuer: ISSUER,
    audience: AUDIENCE,
    roleClaim: 'role',
    algorithms: ['ES256'],
  });
});

function sign(
  claims: Record<string, unknown>,
  opts: { key?: CryptoKey; iss?: string; aud?: string; exp?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setSubject('c-1')
    .setExpirationTime(opts.exp ?? now + 60)
    .sign(opts.key ?? signingKey);
}

describe('verifying bearer tokens', () => {
  it('accepts a good token and reads its roles, as a string or a list', async () => {
    await expect(verifier.verify(await sign({ role: 'customer' }))).resolves.toEqual({
      sub: 'c-1',
      roles: ['customer'],
    });
    await expect(verifier.verify(await sign({ role: ['admin', 'other'] }))).resolves.toEqual({
      sub: 'c-1',
      roles: ['admin'],
    });
  });

  it.each([
    [
      'a bad signature',
      async () => sign({ role: 'customer' }, { key: (await generateKeyPair('ES256')).privateKey }),
      'signature',
    ],
    ['an expired token', () => sign({ role: 'customer' }, { exp: Math.floor(Date.now() / 1000) - 60 }), 'expired'],
    ['another issuer', () => sign({ role: 'customer' }, { iss: 'https://evil.test' }), 'iss'],
    ['another audience', () => sign({ role: 'customer' }, { aud: 'other-api' }), 'aud'],
    ['no known role', () => sign({ role: 'root' }), 'roles'],
    ['garbage', async () => 'not.a.token', 'malformed'],
  ])('refuses %s with a 401 that says why', async (_what, make, why) => {
    await expect(verifier.verify(await make())).rejects.toMatchObject({
      status: 401,
      type: 'invalid-token',
      detail: expect.stringContaining(why),
    });
  });
});

describe('reading the keys from a JWKS URL, as in a cluster', () => {
  let server: Server;
  let jwksRequests = 0;

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the JWKS from the configured URL and verifies tokens with it', async () => {
    const pair = await generateKeyPair('ES256');
    const jwks = JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'remote-1', alg: 'ES256' }] });
    // A stand-in identity provider on port 0: the port we own, speaking plain HTTP.
    server = createServer((req, res) => {
      jwksRequests += 1;
      if (req.url !== '/.well-known/jwks.json') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const remote = new TokenVerifier(keySource({ url: `http://127.0.0.1:${port}/.well-known/jwks.json` }), {
      issuer: ISSUER,
      audience: AUDIENCE,
      roleClaim: 'role',
      algorithms: ['ES256'],
    });
    const good = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'remote-1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('ops')
      .setExpirationTime('1m')
      .sign(pair.privateKey);
    await expect(remote.verify(good)).resolves.toEqual({ sub: 'ops', roles: ['admin'] });
    expect(jwksRequests).toBe(1);
    // A token from the local key is not signed by the provider's keys.
    await expect(remote.verify(await sign({ role: 'admin' }))).rejects.toMatchObject({ status: 401 });
  });
});
