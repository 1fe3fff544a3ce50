import { createHash } from 'node:crypto';
import type { DaprClient } from '@shop/platform';

export interface Charge {
  chargeId: string;
  idempotencyKey: string;
  amount: number;
  currency: string;
  refunded: number;
  refunds: { idempotencyKey: string; amount: number; at: string }[];
  capturedAt: string;
}

/** A charge id is derived from its idempotency key: a replayed charge finds the first one. */
export const chargeIdFor = (idempotencyKey: string): string =>
  `ch_${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 24)}`;

/**
 * psp's ledger of captures and refunds, in the Redis state store through its sidecar, so it
 * survives a psp restart. Writes are conditional (first-write, etags): two attempts racing on
 * one key cannot both capture.
 */
export class Ledger {
  constructor(
    private readonly dapr: DaprClient,
    private readonly store: string,
  ) {}

  async find(chargeId: string): Promise<{ charge: Charge; etag?: string } | undefined> {
    const found = await this.dapr.getState<Charge>(this.store, chargeId);
    return found ? { charge: found.value, ...(found.etag ? { etag: found.etag } : {}) } : undefined;
  }

  /** Captures once per idempotency key; a replay returns the charge captured first. */
  async capture(idempotencyKey: string, amount: number, currency: string): Promise<Charge> {
    const charge: Charge = {
      chargeId: chargeIdFor(idempotencyKey),
      idempotencyKey,
      amount,
      currency,
      refunded: 0,
      refunds: [],
      capturedAt: new Date().toISOString(),
    };
    if (await this.dapr.saveState(this.store, { key: charge.chargeId, value: charge, firstWrite: true })) return charge;
    const existing = await this.find(charge.chargeId);
    if (!existing) throw new Error(`charge ${charge.chargeId} was refused but is not there`);
    return existing.charge;
  }

  /** Saves a charge changed after `find`; false when someone else changed it first. */
  update(charge: Charge, etag: string | undefined): Promise<boolean> {
    return this.dapr.saveState(this.store, { key: charge.chargeId, value: charge, ...(etag ? { etag } : {}) });
  }
}
