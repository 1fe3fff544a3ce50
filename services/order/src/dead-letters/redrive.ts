import { subscriptions } from '@shop/contracts';
import type { DaprClient } from '@shop/platform';
import type { DeadLetter, RedriveOutcome } from './dead-letter-repository';

/**
 * Hands a dead letter back to the consumer that gave up on it, through Dapr service
 * invocation of the very route its subscription delivers to. The consumer answers as it
 * answers daprd (SUCCESS / RETRY / DROP), so the redrive reports what happened at once.
 * Its inbox makes a redrive of an already applied event harmless.
 */
export async function redriveToConsumer(
  dapr: DaprClient,
  dl: DeadLetter,
): Promise<{ outcome: RedriveOutcome; detail: string }> {
  const spec = subscriptions.find((s) => s.consumer === dl.consumer && s.topic === dl.topic);
  if (!spec) return { outcome: 'REJECTED', detail: `no subscription of ${dl.consumer} to ${dl.topic}` };
  let res: Response;
  try {
    res = await dapr.invoke(dl.consumer, spec.route, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: new Uint8Array(dl.payload),
    });
  } catch (err) {
    return { outcome: 'FAILED', detail: (err as Error).message };
  }
  const text = await res.text();
  let status: unknown;
  try {
    status = (JSON.parse(text) as { status?: unknown }).status;
  } catch {
    status = undefined;
  }
  if (res.ok && status === 'SUCCESS') return { outcome: 'SUCCESS', detail: `${dl.consumer} processed it` };
  if ((res.ok && status === 'DROP') || (res.status >= 400 && res.status < 500)) {
    return { outcome: 'REJECTED', detail: `${dl.consumer} rejected it again: ${text.slice(0, 300)}` };
  }
  return {
    outcome: 'FAILED',
    detail: `${dl.consumer} could not process it now (HTTP ${res.status}): ${text.slice(0, 300)}`,
  };
}
