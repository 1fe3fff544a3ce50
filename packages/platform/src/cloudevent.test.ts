import { buildCloudEvent, traceIdOf } from './cloudevent';

const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('CloudEvents built for the outbox', () => {
  it('carry the trace context in both traceparent and traceid, so daprd keeps it', () => {
    const event = buildCloudEvent({ id: 'e-1', source: 'order', type: 't.v1', subject: 'o-1', data: {}, traceparent });
    expect(event).toMatchObject({ specversion: '1.0', id: 'e-1', traceparent, traceid: traceparent });
    const untraced = buildCloudEvent({ id: 'e-2', source: 'order', type: 't.v1', subject: 'o-1', data: {} });
    expect(untraced).not.toHaveProperty('traceid');
    expect(untraced).not.toHaveProperty('traceparent');
  });

  it('yield the trace id of a delivered event, from traceparent or traceid', () => {
    expect(traceIdOf({ traceparent })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf({ traceid: traceparent })).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf({ traceparent: '00-00000000000000000000000000000000-00f067aa0ba902b7-01' })).toBeUndefined();
    expect(traceIdOf({ traceparent: 'garbage' })).toBeUndefined();
    expect(traceIdOf({})).toBeUndefined();
  });
});
