import { z } from 'zod';
import { topics, type Topic } from './topics';

/** Amounts are integers in the currency's minor unit (cents), so sums are exact. */
const money = z.number().int().nonnegative();
const currency = z.string().regex(/^[A-Z]{3}$/);
const orderId = z.uuid();
const sku = z.string().min(1).max(64);

export const orderLine = z.object({ sku, quantity: z.number().int().positive(), unitPrice: money });

export const orderCreatedV1 = z.object({
  orderId,
  customerId: z.string().min(1),
  items: z.array(orderLine).min(1),
  total: money,
  currency,
  paymentMethod: z.string().min(1),
  deadline: z.iso.datetime(),
});
export const orderConfirmedV1 = z.object({ orderId, customerId: z.string().min(1), total: money, currency });
export const orderCancelledV1 = z.object({
  orderId,
  customerId: z.string().min(1),
  reason: z.string().min(1),
  previousStatus: z.enum(['PENDING', 'CONFIRMED']),
});

export const inventoryReservedV1 = z.object({
  orderId,
  reservationId: z.uuid(),
  items: z.array(z.object({ sku, quantity: z.number().int().positive() })).min(1),
});
export const inventoryRejectedV1 = z.object({ orderId, reason: z.string().min(1), unavailable: z.array(sku) });
export const inventoryReleasedV1 = z.object({ orderId, reservationId: z.uuid() });

export const paymentCompletedV1 = z.object({ orderId, paymentId: z.uuid(), amount: money, currency });
export const paymentFailedV1 = z.object({ orderId, reason: z.string().min(1) });
export const paymentRefundedV1 = z.object({ orderId, paymentId: z.uuid(), amount: money, currency });

/** Every event type, its topic and its data schema. `type` carries the version. */
export const eventCatalog = {
  'shop.order.created.v1': { topic: topics.order, schema: orderCreatedV1 },
  'shop.order.confirmed.v1': { topic: topics.order, schema: orderConfirmedV1 },
  'shop.order.cancelled.v1': { topic: topics.order, schema: orderCancelledV1 },
  'shop.inventory.reserved.v1': { topic: topics.inventory, schema: inventoryReservedV1 },
  'shop.inventory.rejected.v1': { topic: topics.inventory, schema: inventoryRejectedV1 },
  'shop.inventory.released.v1': { topic: topics.inventory, schema: inventoryReleasedV1 },
  'shop.payment.completed.v1': { topic: topics.payment, schema: paymentCompletedV1 },
  'shop.payment.failed.v1': { topic: topics.payment, schema: paymentFailedV1 },
  'shop.payment.refunded.v1': { topic: topics.payment, schema: paymentRefundedV1 },
} as const satisfies Record<string, { topic: Topic; schema: z.ZodType }>;

export type EventType = keyof typeof eventCatalog;
export type EventData<K extends EventType> = z.infer<(typeof eventCatalog)[K]['schema']>;

/** The discriminated union of every event: `{ type, data }`. */
export type DomainEvent = { [K in EventType]: { type: K; data: EventData<K> } }[EventType];

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventCatalog, type);

/**
 * Validates a delivered event's type and data. Throws on an unknown type or invalid data,
 * which the subscription layer turns into a dead letter.
 */
export function parseDomainEvent(
  envelope: { type: string; data: unknown },
  accept?: readonly EventType[],
): DomainEvent {
  const { type } = envelope;
  if (!isEventType(type) || (accept && !accept.includes(type))) {
    throw new Error(`unsupported event type '${type}'`);
  }
  const data = eventCatalog[type].schema.parse(envelope.data);
  return { type, data } as DomainEvent;
}

/** Why an order was cancelled: the stable values of `shop.order.cancelled.v1`'s `reason`. */
export const cancelReasons = {
  outOfStock: 'out-of-stock',
  paymentDeclined: 'payment-declined',
  paymentTimeout: 'payment-timeout',
  paymentCircuitOpen: 'payment-circuit-open',
  paymentUnavailable: 'payment-unavailable',
  customer: 'customer-request',
  timeout: 'timeout',
} as const;
export type CancelReason = (typeof cancelReasons)[keyof typeof cancelReasons];

/**
 * What the outbox needs to publish a domain event: its topic (from the catalogue), its
 * Kafka key (the order id) and, when it reacts to another event, that event's trace context,
 * so the saga stays one trace.
 */
export function outboxMessage(
  event: DomainEvent,
  source: string,
  cause?: { traceparent?: string; tracestate?: string },
): {
  topic: Topic;
  type: EventType;
  key: string;
  source: string;
  data: DomainEvent['data'];
  traceparent?: string;
  tracestate?: string;
} {
  return {
    topic: eventCatalog[event.type].topic,
    type: event.type,
    key: event.data.orderId,
    source,
    data: event.data,
    ...(cause?.traceparent ? { traceparent: cause.traceparent } : {}),
    ...(cause?.tracestate ? { tracestate: cause.tracestate } : {}),
  };
}

/** Every event type published on a topic: what a subscription to that topic accepts. */
export const eventTypesOn = (topic: Topic): EventType[] =>
  (Object.keys(eventCatalog) as EventType[]).filter((type) => eventCatalog[type].topic === topic);
