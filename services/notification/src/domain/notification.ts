import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@shop/contracts';

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

/** The notification an order outcome event calls for; none for other events. */
export function notificationFor(event: DomainEvent, eventId: string, now: Date): Notification | undefined {
  if (event.type !== 'shop.order.confirmed.v1' && event.type !== 'shop.order.cancelled.v1') return undefined;
  const common = {
    notificationId: randomUUID(),
    orderId: event.data.orderId,
    customerId: event.data.customerId,
    channel: 'email' as const,
    eventId,
    sentAt: now.toISOString(),
    duplicatesSkipped: 0,
  };
  if (event.type === 'shop.order.confirmed.v1') {
    const { orderId, total, currency } = event.data;
    return {
      ...common,
      outcome: 'confirmed',
      message: `Your order ${orderId} is confirmed: ${(total / 100).toFixed(2)} ${currency}.`,
    };
  }
  const { orderId, reason } = event.data;
  return { ...common, outcome: 'cancelled', reason, message: `Your order ${orderId} was cancelled (${reason}).` };
}
