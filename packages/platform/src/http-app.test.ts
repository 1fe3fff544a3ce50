import pino from 'pino';
import request from 'supertest';
import { AppError } from './errors';
import { createHttpApp, finishApp } from './http-app';

const logger = pino({ level: 'silent' });
const token = 'app-token-0123456789abcdef';

function buildApp(ready = true) {
  const app = createHttpApp({
    logger,
    appApiToken: token,
    readiness: [{ name: 'database', check: async () => ready }],
  });
  app.get('/boom', () => {
    throw new Error('secret internals');
  });
  app.get('/missing', () => {
    throw AppError.notFound('no such thing');
  });
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  return finishApp(app, logger);
}

describe('http app skeleton', () => {
  it('answers the probes without the app token', async () => {
    await request(buildApp()).get('/healthz').expect(200);
    const ready = await request(buildApp()).get('/readyz').expect(200);
    expect(ready.body.checks).toEqual({ database: true });
    const notReady = await request(buildApp(false)).get('/readyz').expect(503);
    expect(notReady.body.status).toBe('not-ready');
  });

  it('refuses a call that does not carry the app token', async () => {
    const res = await request(buildApp()).get('/missing').expect(401);
    expect(res.type).toBe('application/problem+json');
    await request(buildApp()).get('/missing').set('dapr-api-token', 'wrong-token-of-some-length').expect(401);
  });

  it('turns AppError into problem+json with a stable type', async () => {
    const res = await request(buildApp()).get('/missing').set('dapr-api-token', token).expect(404);
    expect(res.body).toMatchObject({
      type: 'https://shop.example/problems/not-found',
      status: 404,
      detail: 'no such thing',
    });
  });

  it('hides unexpected errors behind a generic 500', async () => {
    const res = await request(buildApp()).get('/boom').set('dapr-api-token', token).expect(500);
    expect(res.type).toBe('application/problem+json');
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
  });

  it('answers malformed JSON with 400 and oversized bodies with 413', async () => {
    const app = buildApp();
    await request(app)
      .post('/echo')
      .set('dapr-api-token', token)
      .set('content-type', 'application/json')
      .send('{"a":')
      .expect(400);
    await request(app)
      .post('/echo')
      .set('dapr-api-token', token)
      .send({ big: 'x'.repeat(300_000) })
      .expect(413);
  });
});

describe('metrics', () => {
  it('serves Prometheus metrics without the app token, with request durations by route template', async () => {
    const app = createHttpApp({ logger, appApiToken: token, readiness: [] });
    app.get('/orders/:id', (_req, res) => {
      res.json({ ok: true });
    });
    const built = finishApp(app, logger);
    await request(built).get('/orders/123').set('dapr-api-token', token).expect(200);
    await request(built).get('/orders/456').set('dapr-api-token', token).expect(200);
    const res = await request(built).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const line = res.text
      .split('\n')
      .find((l) => l.startsWith('http_server_request_duration_seconds_count{') && l.includes('route="/orders/:id"'));
    expect(line).toMatch(/method="GET".*status_code="200".* ([2-9]|\d{2,})$/);
    expect(res.text).not.toContain('/orders/123');
  });
});
