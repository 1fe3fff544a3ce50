/**
 * The public API through the gateway on the real stack: JWT auth and roles, Idempotency-Key,
 * the shared rate limit across two gateway replicas, validation and problem documents,
 * security headers and CORS, the OpenAPI document (every answer here is checked against it),
 * the Dapr tokens on both sides of each sidecar, and a short schemathesis run.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { generateKeyPair, SignJWT } from 'jose';
import { DEV_ALG, DEV_AUDIENCE, DEV_ISSUER, DEV_JWKS_FILE, signDevToken } from '../../scripts/platform/dev-keys';
import { ROOT } from '../../scripts/platform/layout';
import {
  resetPlatform,
  restartApp,
  startPlatform,
  startReplica,
  stopApp,
  stopPlatform,
  type RunningPlatform,
} from '../../scripts/platform/platform';
import { FUZZ_APP_ENV } from '../fuzz/fuzz-env';
import { runSchemathesis, seedFuzzData } from '../fuzz/schemathesis';
import { GatewayClient } from './support/gateway-client';
import { OpenApiConformance } from './support/openapi-conformance';
import { p, poll, query } from './support/stack';

jest.setTimeout(300_000);

let platform: RunningPlatform;
let api: GatewayClient;
const gateway = `http://127.0.0.1:${p.apps.gateway.app}`;

const token = (sub: string, role: string, ttlSeconds?: number): Promise<string> =>
  signDevToken({ sub, role, ...(ttlSeconds === undefined ? {} : { ttlSeconds }) });

const orderBody = (customerId: string, quantity = 1) => ({
  customerId,
  items: [{ sku: 'SKU-MUG', quantity }],
  paymentMethod: 'pm_card_ok',
});

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
}
const problemType = (name: string): string => `https://shop.example/problems/${name}`;

beforeAll(async () => {
  await stopPlatform(p);
  resetPlatform(p);
  platform = await startPlatform(p, { appEnv: FUZZ_APP_ENV });
  const doc = (await (await fetch(`${gateway}/api/v1/openapi.json`)).json()) as ConstructorParameters<
    typeof OpenApiConformance
  >[0];
  api = new GatewayClient(gateway, new OpenApiConformance(doc));
});

afterAll(async () => {
  await stopPlatform(p);
});

describe('the OpenAPI document and its docs page', () => {
  it('is OpenAPI 3.1 and covers every endpoint of the design', async () => {
    const doc = (await (await fetch(`${gateway}/api/v1/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.sort()).toEqual(
      [
        'POST /orders',
        'GET /orders/{id}',
        'GET /orders/{id}/timeline',
        'POST /orders/{id}/cancel',
        'GET /products',
        'GET /products/{sku}',
        'GET /notifications',
        'GET /admin/dead-letters',
        'POST /admin/dead-letters/{id}/redrive',
        'PUT /admin/products/{sku}/stock',
      ].sort(),
    );
  });

  it('serves a browsable docs page that loads the document', async () => {
    const page = await fetch(`${gateway}/api/v1/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger-initializer.js');
    const init = await (await fetch(`${gateway}/api/v1/docs/swagger-initializer.js`)).text();
    expect(init).toContain('/api/v1/openapi.json');
  });
});

describe('authentication and roles', () => {
  let orderId: string;

  beforeAll(async () => {
    const res = await api.call<{ orderId: string }>('/orders', {
      method: 'POST',
      token: await token('c-alice', 'customer'),
      headers: { 'idempotency-key': randomUUID() },
      body: orderBody('c-alice'),
    });
    expect(res.status).toBe(202);
    orderId = res.body.orderId;
  });

  it('refuses a request without a token: 401 with WWW-Authenticate', async () => {
    const res = await api.call<Problem>(`/orders/${orderId}`);
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body.type).toBe(problemType('unauthorized'));
  });

  it('refuses a token with a bad signature', async () => {
    // Same kid and claims as a real token, signed by another key.
    const { privateKey } = await generateKeyPair(DEV_ALG);
    const jwks = JSON.parse(readFileSync(DEV_JWKS_FILE, 'utf8')) as { keys: { kid: string }[] };
    const forged = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: DEV_ALG, kid: jwks.keys[0]!.kid })
      .setIssuer(DEV_ISSUER)
      .setAudience(DEV_AUDIENCE)
      .setSubject('c-alice')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const res = await api.call<Problem>(`/orders/${orderId}`, { token: forged });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(res.body).toMatchObject({
      type: problemType('invalid-token'),
      detail: expect.stringContaining('signature'),
    });
  });

  it('refuses an expired token', async () => {
    const res = await api.call<Problem>(`/orders/${orderId}`, { token: await token('c-alice', 'customer', -120) });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ type: problemType('invalid-token'), detail: expect.stringContaining('expired') });
  });

  it('refuses a token for another audience, and one without a known role', async () => {
    const { privateKey } = await generateKeyPair(DEV_ALG);
    const noRole = await token('c-alice', 'superuser');
    expect((await api.call<Problem>(`/orders/${orderId}`, { token: noRole })).status).toBe(401);
    const wrongKeyAndAudience = await new SignJWT({ role: 'customer' })
      .setProtectedHeader({ alg: DEV_ALG })
      .setIssuer(DEV_ISSUER)
      .setAudience('another-api')
      .setSubject('c-alice')
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await api.call(`/orders/${orderId}`, { token: wrongKeyAndAudience })).status).toBe(401);
  });

  it('keeps the admin endpoints for admins: a customer gets 403', async () => {
    const customer = await token('c-alice', 'customer');
    const list = await api.call<Problem>('/admin/dead-letters', { token: customer });
    expect(list.status).toBe(403);
    expect(list.body.type).toBe(problemType('forbidden'));
    const stock = await api.call('/admin/products/SKU-MUG/stock', {
      method: 'PUT',
      token: customer,
      body: { available: 1 },
    });
    expect(stock.status).toBe(403);
    const admin = await token('ops-1', 'admin');
    expect((await api.call('/admin/dead-letters', { token: admin })).status).toBe(200);
  });

  it("hides another customer's order: 404 to read, follow, cancel or list its notifications", async () => {
    const bob = await token('c-bob', 'customer');
    for (const [path, method] of [
      [`/orders/${orderId}`, 'GET'],
      [`/orders/${orderId}/timeline`, 'GET'],
      [`/orders/${orderId}/cancel`, 'POST'],
      [`/notifications?orderId=${orderId}`, 'GET'],
    ] as const) {
      const res = await api.call<Problem>(path, { method, token: bob });
      expect({ path, status: res.status, type: res.body.type }).toEqual({
        path,
        status: 404,
        type: problemType('not-found'),
      });
    }
    // Bob's cancel attempt changed nothing.
    const alice = await api.call<{ status: string }>(`/orders/${orderId}`, {
      token: await token('c-alice', 'customer'),
    });
    expect(alice.status).toBe(200);
    expect(alice.body.status).not.toBe('CANCELLED');
  });

  it('lets a customer place orders only for themself; an admin reads any order', async () => {
    const res = await api.call<Problem>('/orders', {
      method: 'POST',
      token: await token('c-bob', 'customer'),
      headers: { 'idempotency-key': randomUUID() },
      body: orderBody('c-alice'),
    });
    expect(res.status).toBe(403);
    const admin = await api.call<{ customerId: string }>(`/orders/${orderId}`, {
      token: await token('ops-1', 'admin'),
    });
    expect(admin.status).toBe(200);
    expect(admin.body.customerId).toBe('c-alice');
  });

  it('runs the whole saga through the public API: confirmed, with its timeline and notification', async () => {
    const alice = await token('c-alice', 'customer');
    const order = await poll('the order to be confirmed', async () => {
      const res = await api.call<{ status: string; total: number }>(`/orders/${orderId}`, { token: alice });
      return res.body.status === 'CONFIRMED' ? res.body : undefined;
    });
    expect(order.total).toBe(890);
    const timeline = await api.call<{ events: { type: string; traceId?: string }[] }>(`/orders/${orderId}/timeline`, {
      token: alice,
    });
    expect(timeline.body.events.map((e) => e.type)).toEqual([
      'shop.order.created.v1',
      'shop.inventory.reserved.v1',
      'shop.payment.completed.v1',
      'shop.order.confirmed.v1',
    ]);
    const notes = await poll('the notification', async () => {
      const res = await api.call<{ items: { outcome: string }[] }>(`/notifications?orderId=${orderId}`, {
        token: alice,
      });
      return res.body.items.length > 0 ? res.body.items : undefined;
    });
    expect(notes.map((n) => n.outcome)).toEqual(['confirmed']);
  });
});

describe('Idempotency-Key on POST /orders', () => {
  const countOrders = async (customerId: string): Promise<number> =>
    Number(
      (
        await query<{ n: string }>(
          platform.infra.databaseUrls.order!,
          'SELECT count(*) AS n FROM orders WHERE customer_id = $1',
          [customerId],
        )
      )[0]!.n,
    );

  it('returns the same order for the same key and body, and refuses the key with another body', async () => {
    const carol = await token('c-carol', 'customer');
    const key = randomUUID();
    const first = await api.call<{ orderId: string }>('/orders', {
      method: 'POST',
      token: carol,
      headers: { 'idempotency-key': key },
      body: orderBody('c-carol'),
    });
    expect(first.status).toBe(202);
    expect(first.headers.get('location')).toBe(`/api/v1/orders/${first.body.orderId}`);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // The same body with its keys in another order is the same body.
    const again = await api.call<{ orderId: string }>('/orders', {
      method: 'POST',
      token: carol,
      headers: { 'idempotency-key': key },
      body: { paymentMethod: 'pm_card_ok', items: [{ quantity: 1, sku: 'SKU-MUG' }], customerId: 'c-carol' },
    });
    expect(again.status).toBe(202);
    expect(again.body.orderId).toBe(first.body.orderId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const other = await api.call<Problem>('/orders', {
      method: 'POST',
      token: carol,
      headers: { 'idempotency-key': key },
      body: orderBody('c-carol', 2),
    });
    expect(other.status).toBe(422);
    expect(other.body.type).toBe(problemType('idempotency-key-reused'));
    expect(await countOrders('c-carol')).toBe(1);
  });

  it('creates one order when the same request arrives ten times at once', async () => {
    const dave = await token('c-dave', 'customer');
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api.call<{ orderId: string }>('/orders', {
          method: 'POST',
          token: dave,
          headers: { 'idempotency-key': key },
          body: orderBody('c-dave'),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    expect(new Set(answers.map((a) => a.body.orderId)).size).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === null)).toHaveLength(1);
    expect(await countOrders('c-dave')).toBe(1);
  });

  it('scopes keys per caller, and keeps them in the Redis state store with a TTL', async () => {
    const key = randomUUID();
    const placed = await Promise.all(
      ['c-erin', 'c-frank'].map(async (c) =>
        api.call<{ orderId: string }>('/orders', {
          method: 'POST',
          token: await token(c, 'customer'),
          headers: { 'idempotency-key': key },
          body: orderBody(c),
        }),
      ),
    );
    expect(placed[0]!.body.orderId).not.toBe(placed[1]!.body.orderId);
    const redis = new Redis({
      host: '127.0.0.1',
      port: p.redisPort,
      password: platform.secrets.redisPassword,
      lazyConnect: true,
    });
    try {
      await redis.connect();
      const keys = await redis.keys('gateway||idempotency-*');
      expect(keys.length).toBeGreaterThanOrEqual(2);
      for (const k of keys) {
        const ttl = await redis.ttl(k);
        expect(ttl).toBeGreaterThan(86_000);
        expect(ttl).toBeLessThanOrEqual(86_400);
      }
    } finally {
      redis.disconnect();
    }
  });

  it('requires the key', async () => {
    const res = await api.call<Problem>('/orders', {
      method: 'POST',
      token: await token('c-carol', 'customer'),
      body: orderBody('c-carol'),
    });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(problemType('idempotency-key-missing'));
  });
});

describe('cancelling through the gateway', () => {
  const place = async (tok: string, customerId: string, paymentMethod: string): Promise<string> => {
    const res = await api.call<{ orderId: string }>('/orders', {
      method: 'POST',
      token: tok,
      headers: { 'idempotency-key': randomUUID() },
      body: { ...orderBody(customerId), paymentMethod },
    });
    expect(res.status).toBe(202);
    return res.body.orderId;
  };

  it('answers a repeated cancel alike, and refuses to cancel what the saga cancelled', async () => {
    const judy = await token('c-judy', 'customer');
    const declined = await place(judy, 'c-judy', 'pm_card_declined');
    const pending = await place(judy, 'c-judy', 'pm_card_ok');
    for (const expected of ['first', 'again']) {
      const res = await api.call<{ status: string }>(`/orders/${pending}/cancel`, { method: 'POST', token: judy });
      expect({ expected, status: res.status, body: res.body }).toEqual({
        expected,
        status: 202,
        body: { orderId: pending, status: 'CANCELLED' },
      });
    }
    await poll('the declined order to be cancelled', async () => {
      const res = await api.call<{ status: string }>(`/orders/${declined}`, { token: judy });
      return res.body.status === 'CANCELLED' ? true : undefined;
    });
    const refused = await api.call<Problem>(`/orders/${declined}/cancel`, { method: 'POST', token: judy });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe(problemType('order-not-cancellable'));
  });
});

describe('validation, errors and headers', () => {
  let customer: string;
  beforeAll(async () => {
    customer = await token('c-grace', 'customer');
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    api.call<Problem & { errors?: { path: string }[] }>('/orders', {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': randomUUID(), ...headers },
      body,
    });

  it('answers an invalid body with a 400 problem naming each field, and no stack trace', async () => {
    const res = await post({ customerId: 'c-grace', items: [{ sku: 'SKU-MUG', quantity: 0 }], extra: true });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.type).toBe(problemType('validation-error'));
    expect(res.body.errors!.map((e) => e.path).sort()).toEqual(['', 'items.0.quantity', 'paymentMethod']);
    expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(js|ts):\d+/);
  });

  it('refuses an unknown product with 422, a body that is not JSON with 415, and a large one with 413', async () => {
    const unknown = await post({
      customerId: 'c-grace',
      items: [{ sku: 'NO-SUCH', quantity: 1 }],
      paymentMethod: 'pm_card_ok',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe(problemType('unknown-sku'));
    const text = await api.call<Problem>('/orders', {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'text/plain' },
      rawBody: 'hello',
    });
    expect(text.status).toBe(415);
    const broken = await api.call<Problem>('/orders', {
      method: 'POST',
      token: customer,
      headers: { 'idempotency-key': randomUUID(), 'content-type': 'application/json' },
      rawBody: '{"customerId":',
    });
    expect(broken.status).toBe(400);
    const large = await post({ customerId: 'c-grace', items: [], paymentMethod: 'x'.repeat(20_000) });
    expect(large.status).toBe(413);
    expect(large.body.type).toBe(problemType('payload-too-large'));
  });

  it('answers a known path with another method 405 and Allow', async () => {
    const res = await fetch(`${gateway}/api/v1/orders/${randomUUID()}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${customer}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('sends security headers, and no CORS headers unless origins are configured', async () => {
    const res = await fetch(`${gateway}/api/v1/products`, {
      headers: { authorization: `Bearer ${customer}`, origin: 'https://evil.example' },
    });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('two gateway replicas', () => {
  let replicas: GatewayClient[];

  beforeAll(async () => {
    const env = { RATE_LIMIT_POINTS: '10', RATE_LIMIT_WINDOW_SECONDS: '60', CORS_ORIGINS: 'https://shop.example' };
    const started = await Promise.all([2, 3].map((n) => startReplica(platform, 'gateway', n, env)));
    replicas = started.map((r) => new GatewayClient(`http://127.0.0.1:${r.ports.app}`));
  });

  it('share one rate limit per client: 10 requests across both, then 429 on either', async () => {
    const heidi = await token('c-heidi', 'customer');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await replicas[i % 2]!.call('/products', { token: heidi })).status);
    expect(statuses).toEqual(Array(10).fill(200));
    for (const replica of replicas) {
      const limited = await replica.call<Problem>('/products', { token: heidi });
      expect(limited.status).toBe(429);
      expect(limited.body.type).toBe(problemType('rate-limited'));
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    }
    // Another client has its own budget.
    const ivan = await token('c-ivan', 'customer');
    expect((await replicas[1]!.call('/products', { token: ivan })).status).toBe(200);
  });

  it('allow the configured CORS origin only', async () => {
    const preflight = await fetch(`${replicas[0]!.origin}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const other = await fetch(`${replicas[0]!.origin}/api/v1/orders`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('the Dapr tokens on both sides of the sidecars', () => {
  const daprd = `http://127.0.0.1:${p.apps.gateway.daprHttp}`;

  it("refuses calls to the gateway's daprd without its API token, or with another app's", async () => {
    expect((await fetch(`${daprd}/v1.0/metadata`)).status).toBe(401);
    const wrong = await fetch(`${daprd}/v1.0/invoke/order/method/orders?ids=${randomUUID()}`, {
      headers: { 'dapr-api-token': platform.secrets.tokens.order.daprApiToken },
    });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${daprd}/v1.0/metadata`, {
      headers: { 'dapr-api-token': platform.secrets.tokens.gateway.daprApiToken },
    });
    expect(right.status).toBe(200);
  });

  it("refuses calls into the apps without the app token (the gateway's Dapr endpoints included)", async () => {
    const dapr = await fetch(`${gateway}/dapr/subscribe`);
    expect(dapr.status).toBe(401);
    const withToken = await fetch(`${gateway}/dapr/subscribe`, {
      headers: { 'dapr-api-token': platform.secrets.tokens.gateway.appApiToken },
    });
    expect(withToken.status).toBe(404);
    for (const app of ['order', 'inventory', 'payment', 'notification', 'psp'] as const) {
      const direct = await fetch(`http://127.0.0.1:${p.apps[app].app}/products`);
      expect({ app, status: direct.status }).toEqual({ app, status: 401 });
    }
  });
});

describe('resiliency per target', () => {
  it('opens the breaker for a failing service only: order down gives 503 with Retry-After, products still answer', async () => {
    const admin = await token('ops-1', 'admin');
    const id = randomUUID();
    await stopApp(p, 'order');
    try {
      const seen = await poll(
        'the order breaker to open',
        async () => {
          const res = await api.call<Problem>(`/orders/${id}`, { token: admin });
          expect([503, 504]).toContain(res.status);
          expect(res.headers.get('retry-after') ?? '1').toMatch(/^\d+$/);
          return res.body.type === problemType('upstream-circuit-open') ? res : undefined;
        },
        60_000,
      );
      expect(seen.headers.get('retry-after')).toBe('10');
      expect((await api.call('/products', { token: admin })).status).toBe(200);
    } finally {
      await restartApp(platform, 'order');
    }
    await poll(
      'order to answer through the gateway again',
      async () => {
        const res = await api.call(`/orders/${id}`, { token: admin });
        return res.status === 404 ? true : undefined;
      },
      60_000,
    );
  });
});

describe('conformance', () => {
  it('answered every call of this file as the OpenAPI document says', () => {
    expect(api.checked).toBeGreaterThan(40);
    expect(api.nonConforming).toEqual([]);
  });

  it('survives a short schemathesis run: no 5xx, nothing outside the document', async () => {
    const fuzzToken = await token('c-fuzz', 'customer');
    const result = await runSchemathesis({
      gateway,
      token: fuzzToken,
      known: await seedFuzzData(gateway, fuzzToken, 'c-fuzz'),
      label: 'npm-test',
      maxExamples: 8,
      seed: 20261122,
      reportRoot: path.join(ROOT, 'reports', 'fuzz'),
    });
    if (result.exitCode !== 0) console.log(result.summary);
    expect(result.exitCode).toBe(0);
  });
});
