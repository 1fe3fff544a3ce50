import { randomUUID } from 'node:crypto';
import { notificationFor } from './notification';

const orderId = randomUUID();
const now = new Date('2026-01-01T00:00:00Z');

describe('notifications', () => {
  it('are written for a confirmation and a cancellation, keyed by outcome, and for nothing else', () => {
    expect(
      notificationFor(
        { type: 'shop.order.confirmed.v1', data: { orderId, customerId: 'c-1', total: 1780, currency: 'EUR' } },
        'e-1',
        now,
      ),
    ).toMatchObject({ orderId, outcome: 'confirmed', message: expect.stringContaining('17.80 EUR'), eventId: 'e-1' });
    expect(
      notificationFor(
        {
          type: 'shop.order.cancelled.v1',
          data: { orderId, customerId: 'c-1', reason: 'timeout', previousStatus: 'PENDING' },
        },
        'e-2',
        now,
      ),
    ).toMatchObject({ outcome: 'cancelled', reason: 'timeout' });
    expect(
      notificationFor({ type: 'shop.payment.failed.v1', data: { orderId, reason: 'payment-declined' } }, 'e-3', now),
    ).toBeUndefined();
  });
});
