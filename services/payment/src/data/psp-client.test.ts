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
    // daprd 1.18 may report its own timeout as a cancelled context (dapr/dapr#10433).
    expect(
      classifyFailure(
        500,
        '{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: psp, err: rpc error: code = Internal desc = error invoking app channel: Post \\"http://127.0.0.1:22006/charges\\": context canceled"}',
      ),
    ).toBe('payment-timeout');
    expect(
      classifyFailure(
        500,
        '{"errorCode":"ERR_DIRECT_INVOKE","message":"failed to invoke, id: psp, err: rpc error: code = Internal desc = error invoking app channel: Post \\"http://127.0.0.1:22006/charges\\": dial tcp 127.0.0.1:22006: connect: connection refused"}',
      ),
    ).toBe('payment-unavailable');
    expect(classifyFailure(503, '{"type":"https://shop.example/problems/psp-unavailable"}')).toBe(
      'payment-unavailable',
    );
  });
});
