import { classifyFailure } from './psp-client';

describe('reading why psp could not answer', () => {
  it('tells an open breaker, a timeout and other failures apart from daprd errors', () => {
    expect(
      classifyFailure(
        500,
        '{"errorCode":"ERR_DIRECT_INVOKE","message":"fail to invoke, id: psp, err: circuit breaker is open"}',
      ),
    ).toBe('payment-circuit-open');
    expect(classifyFailure(500, '{"message":"fail to invoke, id: psp, err: context deadline exceeded"}')).toBe(
      'payment-timeout',
    );
    expect(classifyFailure(503, '{"type":"https://shop.example/problems/psp-unavailable"}')).toBe(
      'payment-unavailable',
    );
  });
});
