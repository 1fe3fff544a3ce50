import { cancelReasons, outboxMessage, type DomainEvent, type EventData } from '@shop/contracts';
import { enqueueOutbox, type CloudEvent } from '@shop/platform';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import {
  insertCharge,
  lockCharge,
  lockOrder,
  recordMovement,
  rememberEarlyReservation,
  setChargeStatus,
  takeEarlyReservation,
} from '../data/charge-repository';
import { PspUnavailableError, type PspClient } from '../data/psp-client';
import { chargeKey, onCancellation, refundKey, shouldCharge } from './charge';

export const SOURCE = 'payment';

type Cause = Pick<CloudEvent, 'traceparent' | 'tracestate'>;

export interface PaymentSagaDeps {
  psp: PspClient;
  logger: Logger;
}

const emit = (client: PoolClient, event: DomainEvent, cause: Cause) =>
  enqueueOutbox(client, outboxMessage(event, SOURCE, cause));

/**
 * Remembers what the order costs and how the customer pays, for when its stock is reserved; if
 * the reservation came first (another topic), charges now.
 */
async function onOrderCreated(
  client: PoolClient,
  data: EventData<'shop.order.created.v1'>,
  deps: PaymentSagaDeps,
): Promise<string> {
  await insertCharge(client, {
    orderId: data.orderId,
    amount: data.total,
    currency: data.currency,
    paymentMethod: data.paymentMethod,
    status: 'AWAITING',
  });
  const early = await takeEarlyReservation(client, data.orderId);
  if (!early) return 'awaiting reservation';
  return `reserved earlier: ${await onReserved(client, data.orderId, deps, early)}`;
}

/**
 * Saga step 3: charge once the stock is reserved. The charge row stays locked during the psp
 * call, so a cancellation of the same order waits for the outcome. psp dedupes by the
 * idempotency key, so a redelivery after a crash cannot charge twice.
 */
async function onReserved(client: PoolClient, orderId: string, deps: PaymentSagaDeps, cause: Cause): Promise<string> {
  const charge = await lockCharge(client, orderId);
  // order.created travels on another topic and may not have been consumed yet: remember the
  // reservation, and charge when it comes.
  if (!charge) {
    await rememberEarlyReservation(client, orderId, cause);
    return 'reserved before order.created: charging when it arrives';
  }
  if (!shouldCharge(charge.status)) return `not charging: ${charge.status}`;
  try {
    const result = await deps.psp.charge({
      idempotencyKey: chargeKey(orderId),
      amount: charge.amount,
      currency: charge.currency,
      paymentMethod: charge.paymentMethod,
    });
    if (result.outcome === 'declined') {
      await setChargeStatus(client, orderId, { status: 'FAILED', reason: cancelReasons.paymentDeclined });
      await emit(
        client,
        { type: 'shop.payment.failed.v1', data: { orderId, reason: cancelReasons.paymentDeclined } },
        cause,
      );
      return `declined (${result.code})`;
    }
    const paymentId = await recordMovement(client, {
      orderId,
      kind: 'capture',
      amount: charge.amount,
      currency: charge.currency,
      pspRef: result.chargeId,
    });
    await setChargeStatus(client, orderId, { status: 'CAPTURED', pspChargeId: result.chargeId });
    await emit(
      client,
      {
        type: 'shop.payment.completed.v1',
        data: { orderId, paymentId, amount: charge.amount, currency: charge.currency },
      },
      cause,
    );
    return 'captured';
  } catch (err) {
    if (!(err instanceof PspUnavailableError)) throw err;
    // The sidecar already retried; the order fails fast with the reason, not hanging to its deadline.
    await setChargeStatus(client, orderId, { status: 'FAILED', reason: err.reason });
    await emit(client, { type: 'shop.payment.failed.v1', data: { orderId, reason: err.reason } }, cause);
    deps.logger.warn({ orderId, reason: err.reason, err: err.message }, 'payment provider unavailable');
    return `failed (${err.reason})`;
  }
}

/** Saga step 5: refund a capture of a cancelled order; make sure a later reservation charges nothing. */
async function onCancelled(client: PoolClient, orderId: string, deps: PaymentSagaDeps, cause: Cause): Promise<string> {
  const charge = await lockCharge(client, orderId);
  if (!charge) return 'unknown order: nothing to compensate';
  const action = onCancellation(charge.status);
  if (action === 'mark-cancelled') {
    await setChargeStatus(client, orderId, { status: 'CANCELLED' });
    return 'cancelled before charging';
  }
  if (action === 'nothing') return `nothing to refund (${charge.status})`;
  const pspChargeId = charge.pspChargeId as string;
  // A psp failure here throws: the event is retried, then dead-lettered for a redrive.
  await deps.psp.refund({ chargeId: pspChargeId, amount: charge.amount, idempotencyKey: refundKey(orderId) });
  const paymentId = await recordMovement(client, {
    orderId,
    kind: 'refund',
    amount: charge.amount,
    currency: charge.currency,
    pspRef: pspChargeId,
  });
  await setChargeStatus(client, orderId, { status: 'REFUNDED' });
  await emit(
    client,
    {
      type: 'shop.payment.refunded.v1',
      data: { orderId, paymentId, amount: charge.amount, currency: charge.currency },
    },
    cause,
  );
  return 'refunded';
}

/** Payment's side of the saga, one event at a time, inside the inbox transaction. */
export async function onPaymentSagaEvent(
  client: PoolClient,
  event: DomainEvent,
  envelope: CloudEvent,
  deps: PaymentSagaDeps,
): Promise<void> {
  let outcome: string;
  // Without this, a reservation remembered early and its order.created, handled at once,
  // could each miss the other's uncommitted row, and nobody would charge.
  await lockOrder(client, event.data.orderId);
  switch (event.type) {
    case 'shop.order.created.v1':
      outcome = await onOrderCreated(client, event.data, deps);
      break;
    case 'shop.inventory.reserved.v1':
      outcome = await onReserved(client, event.data.orderId, deps, envelope);
      break;
    case 'shop.order.cancelled.v1':
      outcome = await onCancelled(client, event.data.orderId, deps, envelope);
      break;
    default:
      outcome = 'ignored';
  }
  deps.logger.info({ orderId: event.data.orderId, type: event.type, outcome }, 'payment event applied');
}
