import { randomUUID } from 'node:crypto';
import { cancelReasons, outboxMessage, type DomainEvent, type EventData } from '@shop/contracts';
import { enqueueOutbox, type CloudEvent } from '@shop/platform';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import { lockStock, moveStock } from '../data/product-repository';
import { insertReservation, lockReservation, setReservationStatus } from '../data/reservation-repository';
import { afterCancellation, planReservation } from './reservation';

export const SOURCE = 'inventory';

type Cause = Pick<CloudEvent, 'traceparent' | 'tracestate'>;

const emit = (client: PoolClient, event: DomainEvent, cause: Cause) =>
  enqueueOutbox(client, outboxMessage(event, SOURCE, cause));

/** Saga step 2: reserve every line or none, and say which. */
async function reserve(client: PoolClient, data: EventData<'shop.order.created.v1'>, cause: Cause): Promise<string> {
  const existing = await lockReservation(client, data.orderId);
  if (existing) return `order already has a ${existing.status} reservation`;
  const lines = data.items.map(({ sku, quantity }) => ({ sku, quantity }));
  const plan = planReservation(
    lines,
    await lockStock(
      client,
      lines.map((l) => l.sku),
    ),
  );
  if (!plan.ok) {
    await emit(
      client,
      {
        type: 'shop.inventory.rejected.v1',
        data: { orderId: data.orderId, reason: cancelReasons.outOfStock, unavailable: plan.unavailable },
      },
      cause,
    );
    return `rejected: ${plan.unavailable.join(', ')} unavailable`;
  }
  const reservationId = randomUUID();
  await moveStock(client, lines, -1);
  await insertReservation(client, { id: reservationId, orderId: data.orderId, status: 'HELD', items: lines });
  await emit(
    client,
    { type: 'shop.inventory.reserved.v1', data: { orderId: data.orderId, reservationId, items: lines } },
    cause,
  );
  return 'reserved';
}

/** A confirmed order's stock is sold: it stays out of `available` for good. */
async function commit(client: PoolClient, orderId: string): Promise<string> {
  const r = await lockReservation(client, orderId);
  if (r?.status !== 'HELD') return `nothing to commit (${r?.status ?? 'no reservation'})`;
  await setReservationStatus(client, r.id, 'SOLD');
  return 'sold';
}

/** Saga step 5: a cancelled order's stock comes back, whether it was held or already sold. */
async function compensate(client: PoolClient, orderId: string, cause: Cause): Promise<string> {
  const r = await lockReservation(client, orderId);
  if (!r) {
    // Cancelled before anything was reserved: leave a marker so nothing is reserved later.
    await insertReservation(client, { id: randomUUID(), orderId, status: 'VOID', items: [] });
    return 'nothing reserved; voided';
  }
  const { next, returnsStock } = afterCancellation(r.status);
  if (!returnsStock) return `nothing to release (${r.status})`;
  await moveStock(client, r.items, 1);
  await setReservationStatus(client, r.id, next);
  await emit(client, { type: 'shop.inventory.released.v1', data: { orderId, reservationId: r.id } }, cause);
  return next.toLowerCase();
}

/** Inventory's side of the saga, one order event at a time, inside the inbox transaction. */
export async function onOrderEvent(
  client: PoolClient,
  event: DomainEvent,
  envelope: CloudEvent,
  logger: Logger,
): Promise<void> {
  let outcome: string;
  switch (event.type) {
    case 'shop.order.created.v1':
      outcome = await reserve(client, event.data, envelope);
      break;
    case 'shop.order.confirmed.v1':
      outcome = await commit(client, event.data.orderId);
      break;
    case 'shop.order.cancelled.v1':
      outcome = await compensate(client, event.data.orderId, envelope);
      break;
    default:
      outcome = 'ignored';
  }
  logger.info({ orderId: event.data.orderId, type: event.type, outcome }, 'order event applied');
}
