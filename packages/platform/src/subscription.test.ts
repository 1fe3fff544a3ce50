import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
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

describe('the consumer span of a delivery', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager();

  beforeAll(() => {
    context.setGlobalContextManager(contextManager.enable());
    trace.setGlobalTracerProvider(provider);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it("handles the event inside a consumer span of the event's own trace, with messaging attributes", async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    let activeTraceId: string | undefined;
    const app = appWith(async () => {
      activeTraceId = trace.getActiveSpan()?.spanContext().traceId;
    });
    const ce = {
      ...buildCloudEvent({
        id: 'evt-9',
        source: 'order',
        type: 'shop.test.v1',
        subject: 'o-9',
        data: { orderId: 'o-9' },
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
      }),
      topic: 'order.events',
    };
    const res = await request(app).post('/events').send(ce);
    expect(res.body).toEqual({ status: 'SUCCESS' });
    expect(activeTraceId).toBe(traceId);
    const span = exporter.getFinishedSpans().find((s) => s.name === 'process order.events');
    expect(span).toBeDefined();
    expect(span!.kind).toBe(SpanKind.CONSUMER);
    expect(span!.spanContext().traceId).toBe(traceId);
    expect(span!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span!.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': 'order.events',
      'messaging.message.id': 'evt-9',
      'cloudevents.event_type': 'shop.test.v1',
    });
  });

  it('marks the span as failed when the handler fails', async () => {
    exporter.reset();
    const app = appWith(async () => {
      throw new Error('database down');
    });
    await request(app)
      .post('/events')
      .send({ ...event('shop.test.v1', { orderId: 'o-1' }), topic: 'order.events' });
    const span = exporter.getFinishedSpans().find((s) => s.name === 'process order.events');
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
  });
});
