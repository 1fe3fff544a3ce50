import { cancelReasons, type CancelReason } from '@shop/contracts';
import { invocationFailure, type DaprClient } from '@shop/platform';
import { z } from 'zod';

export type ChargeResult = { outcome: 'captured'; chargeId: string } | { outcome: 'declined'; code: string };

/** psp could not give an answer: it timed out, the breaker is open, or it failed. */
export class PspUnavailableError extends Error {
  override readonly name = 'PspUnavailableError';
  constructor(
    readonly reason: CancelReason,
    message: string,
  ) {
    super(message);
  }
}

const chargeResponse = z.discriminatedUnion('status', [
  z.object({ status: z.literal('succeeded'), chargeId: z.string() }),
  z.object({ status: z.literal('declined'), declineCode: z.string() }),
]);

const reasonFor = {
  'circuit-open': cancelReasons.paymentCircuitOpen,
  timeout: cancelReasons.paymentTimeout,
  unavailable: cancelReasons.paymentUnavailable,
} as const;

/** The cancellation reason for a charge psp could not answer, from daprd's error. */
export const classifyFailure = (status: number, body: string): CancelReason =>
  reasonFor[invocationFailure(status, body)];

/**
 * Calls psp by Dapr service invocation. Timeouts, retries and the circuit breaker are not
 * here: they are the Resiliency resource's `psp` target, applied by the sidecar.
 */
export class PspClient {
  constructor(
    private readonly dapr: DaprClient,
    private readonly appId: string,
  ) {}

  private async post(method: string, body: unknown): Promise<Response> {
    let res: Response;
    try {
      res = await this.dapr.invoke(this.appId, method, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        // Longer than the sidecar's timeout and retries, which decide first.
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new PspUnavailableError(cancelReasons.paymentUnavailable, (err as Error).message);
    }
    if (res.status >= 500) {
      const text = await res.text();
      throw new PspUnavailableError(classifyFailure(res.status, text), `psp ${method}: HTTP ${res.status} ${text}`);
    }
    return res;
  }

  async charge(req: {
    idempotencyKey: string;
    amount: number;
    currency: string;
    paymentMethod: string;
  }): Promise<ChargeResult> {
    const res = await this.post('charges', req);
    if (!res.ok) throw new Error(`psp refused the charge request: HTTP ${res.status} ${await res.text()}`);
    const body = chargeResponse.parse(await res.json());
    return body.status === 'succeeded'
      ? { outcome: 'captured', chargeId: body.chargeId }
      : { outcome: 'declined', code: body.declineCode };
  }

  async refund(req: { chargeId: string; amount: number; idempotencyKey: string }): Promise<void> {
    const res = await this.post('refunds', req);
    if (!res.ok) throw new Error(`psp refused the refund: HTTP ${res.status} ${await res.text()}`);
  }
}
