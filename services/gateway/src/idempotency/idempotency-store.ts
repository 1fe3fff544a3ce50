import type { OrderAccepted } from '@shop/contracts';
import type { DaprClient } from '@shop/platform';

/**
 * What the gateway remembers per Idempotency-Key: the body it came with, the order id
 * reserved for it, and, once the order service accepted it, the answer to replay.
 */
export interface IdempotencyRecord {
  fingerprint: string;
  orderId: string;
  createdAt: string;
  answer?: OrderAccepted;
}

/** The port the idempotency logic needs; the Dapr state store implements it. */
export interface IdempotencyStore {
  get(key: string): Promise<IdempotencyRecord | undefined>;
  /** Stores the record only if the key is new; false when another request claimed it first. */
  claim(key: string, record: IdempotencyRecord): Promise<boolean>;
  complete(key: string, record: IdempotencyRecord): Promise<void>;
}

/**
 * Keys live in the Redis state store (scoped to the gateway) with a TTL, so every replica sees
 * the same keys and old ones expire by themselves. `claim` is a first-write save: Redis
 * decides atomically which of two concurrent requests gets the key.
 */
export class DaprIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly dapr: DaprClient,
    private readonly store: string,
    private readonly ttlSeconds: number,
  ) {}

  async get(key: string): Promise<IdempotencyRecord | undefined> {
    return (await this.dapr.getState<IdempotencyRecord>(this.store, key))?.value;
  }

  claim(key: string, record: IdempotencyRecord): Promise<boolean> {
    return this.dapr.saveState(this.store, { key, value: record, firstWrite: true, ttlSeconds: this.ttlSeconds });
  }

  /**
   * A key created by a first-write save can only be updated with its etag (Dapr's Redis
   * store refuses a blind write to it). If a concurrent replay completed it in between, its
   * answer is the same order, so losing that race is fine.
   */
  async complete(key: string, record: IdempotencyRecord): Promise<void> {
    const current = await this.dapr.getState<IdempotencyRecord>(this.store, key);
    if (!current?.etag || current.value.answer) return;
    await this.dapr.saveState(this.store, { key, value: record, etag: current.etag, ttlSeconds: this.ttlSeconds });
  }
}
