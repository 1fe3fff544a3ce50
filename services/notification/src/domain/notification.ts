import { randomUUID } from 'node:crypto';
import type { EventData } from '@shop/contracts';

export type Outcome = 'confirmed' | 'cancelled';
export const OUTCOMES: readonly Outcome[] = ['confirmed', 'cancelled'];

export interface Notification {
  notificationId: string;
  orderId: string;
  customerId: string;
  outcome: Outcome;
  reason?: string;
  channel: 'email';
  message: string;
  eventId: string;
  sentAt: string;
  /** Deliveries of the same outcome that were recognised and not sent again. */
  duplicatesSkipped: number;
}

/** One notification per order and outcome (I4): the outcome is part of its identity. */
export const notificationKey = (orderId: string, outcome: Outcome): string => `order-${orderId}-${outcome}`;

export function confirmedNotification(
  data: EventData<'shop.order.confirmed.v1'>,
  eventId: string,
  now: Date,
): Notification {
  return {
    notificationId: randomUUID(),
    orderId: data.orderId,
    customerId: data.customerId,
    outcome: 'confirmed',
    channel: 'email',
    message: `Your order ${data.orderId} is confirmed: ${(data.total / 100).toFixed(2)} ${data.currency}.`,
    eventId,
    sentAt: now.toISOString(),
    duplicatesSkipped: 0,
  };
}

export function cancelledNotification(
  data: EventData<'shop.order.cancelled.v1'>,
  eventId: string,
  now: Date,
): Notification {
  return {
    notificationId: randomUUID(),
    orderId: data.orderId,
    customerId: data.customerId,
    outcome: 'cancelled',
    reason: data.reason,
    channel: 'email',
    message: `Your order ${data.orderId} was cancelled (${data.reason}).`,
    eventId,
    sentAt: now.toISOString(),
    duplicatesSkipped: 0,
  };
}
