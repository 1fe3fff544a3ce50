/** The test payment methods (DESIGN.md, "Local run"). */
export type MethodBehaviour =
  { kind: 'capture' } | { kind: 'decline'; code: string } | { kind: 'transient-failure' } | { kind: 'slow' };

/**
 * How psp treats a charge attempt. `attempt` counts the attempts for one idempotency key,
 * from 1. `pm_card_flaky` fails every other attempt: "about half the time", and
 * deterministic, so a caller that retries once always gets through.
 */
export function behaviourOf(paymentMethod: string, attempt: number): MethodBehaviour {
  switch (paymentMethod) {
    case 'pm_card_ok':
      return { kind: 'capture' };
    case 'pm_card_declined':
      return { kind: 'decline', code: 'card_declined' };
    case 'pm_card_flaky':
      return attempt % 2 === 1 ? { kind: 'transient-failure' } : { kind: 'capture' };
    case 'pm_card_slow':
      return { kind: 'slow' };
    default:
      return { kind: 'decline', code: 'unknown_payment_method' };
  }
}
