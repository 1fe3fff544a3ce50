import { randomUUID } from 'node:crypto';
import type { OrderAccepted, PlaceOrderRequest } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { fingerprint, idempotencyKeyFor } from './fingerprint';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store';

/** Places an order under a chosen id; the order service creates at most one order per id. */
export type PlaceOrder = (orderId: string, body: PlaceOrderRequest) => Promise<OrderAccepted>;

export interface PlacedOrder {
  answer: OrderAccepted;
  /** True when the key was seen before: the answer is the earlier request's order. */
  replayed: boolean;
}

/**
 * `POST /orders` with an Idempotency-Key (I6):
 * - a new key is claimed atomically, together with a fresh order id;
 * - the same key with another body is refused (422);
 * - the same key with the same body gets the same order: its stored answer, or, while the
 *   first request is still in flight (or died half way), the same order id sent again, which
 *   the order service answers with the existing order instead of creating a second one.
 */
export async function placeOrderOnce(
  deps: { store: IdempotencyStore; placeOrder: PlaceOrder; now?: () => Date },
  sub: string,
  idempotencyKey: string,
  body: PlaceOrderRequest,
): Promise<PlacedOrder> {
  const key = idempotencyKeyFor(sub, idempotencyKey);
  const print = fingerprint(body);
  const fresh: IdempotencyRecord = {
    fingerprint: print,
    orderId: randomUUID(),
    createdAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  let record = await deps.store.get(key);
  let replayed = true;
  if (!record) {
    if (await deps.store.claim(key, fresh)) {
      record = fresh;
      replayed = false;
    } else {
      record = await deps.store.get(key);
    }
  }
  if (!record) {
    throw new AppError(
      409,
      'idempotency-key-busy',
      'Try again',
      'the Idempotency-Key is being claimed; retry',
    ).withHeaders({
      'Retry-After': '1',
    });
  }
  if (record.fingerprint !== print) {
    throw new AppError(
      422,
      'idempotency-key-reused',
      'Idempotency-Key reused with a different body',
      'this Idempotency-Key was used with a different request body; use a new key for a new order',
    );
  }
  if (record.answer) return { answer: record.answer, replayed };
  const answer = await deps.placeOrder(record.orderId, body);
  await deps.store.complete(key, { ...record, answer });
  return { answer, replayed };
}
