import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { buildCloudEvent } from './cloudevent';
import { PoisonMessageError, subscriptionRoute } from './subscription';

const logger = pino({ level: 'silent' });
const dataSchema = z.object({ orderId: z.string() });

function appWith(handle: (data: { orderId: string }) => Promise<void>) {
  const app = express();
  app.use(express.json({ type: ['application/json', 'application/*+json'] }));
  app.post(
    '/events',
    subscriptionRoute({
      logger,
      parse: (ce) => {
        if (ce.type !== 'shop.test.v1') throw new PoisonMessageError(`unsupported type ${ce.type}`);
        return dataSchema.parse(ce.data);
      },
      handle,
    }),
  );
  return app;
}

const event = (type: string, data: unknown) =>
  buildCloudEvent({ id: 'evt-1', source: 'test', type, subject: 'o-1', data });

describe('subscriptionRoute', () => {
  it('answers SUCCESS after the handler completes', async () => {
    const seen: string[] = [];
    const app = appWith(async (d) => {
      seen.push(d.orderId);
    });
    const res = await request(app)
      .post('/events')
      .send(event('shop.test.v1', { orderId: 'o-1' }));
    expect(res.body).toEqual({ status: 'SUCCESS' });
    expect(seen).toEqual(['o-1']);
  });

  it('answers RETRY when the handler fails, so the error is never acknowledged', async () => {
    const app = appWith(async () => {
      throw new Error('database down');
    });
    const res = await request(app)
      .post('/events')
      .send(event('shop.test.v1', { orderId: 'o-1' }));
    expect(res.body).toEqual({ status: 'RETRY' });
  });

  it.each([
    ['invalid data', event('shop.test.v1', { orderId: 42 })],
    ['an unknown type', event('shop.other.v1', { orderId: 'o-1' })],
    ['a body that is no CloudEvent', { hello: 'world' }],
  ])('answers DROP (dead letter) for %s without calling the handler', async (_name, body) => {
    const handle = jest.fn(async () => undefined);
    const res = await request(appWith(handle)).post('/events').send(body);
    expect(res.body).toEqual({ status: 'DROP' });
    expect(handle).not.toHaveBeenCalled();
  });
});
