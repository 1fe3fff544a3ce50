import { randomUUID } from 'node:crypto';
import type { DomainEvent } from '@shop/contracts';
import type { Order, OrderStatus } from './order';
import { cancelOrder, confirmOrder, OrderNotCancellableError, sagaStep } from './order-saga';

const orderId = randomUUID();
const order = (status: OrderStatus): Order => ({
  id: orderId,
  customerId: 'c-1',
  status,
  reason: null,
  items: [{ sku: 'SKU-MUG', quantity: 1, unitPrice: 890 }],
  total: 890,
  currency: 'EUR',
  paymentMethod: 'pm_card_ok',
  deadline: new Date(),
  createdAt: new Date(),
  updatedAt: new Date(),
});

const rejected: DomainEvent = {
  type: 'shop.inventory.rejected.v1',
  data: { orderId, reason: 'out-of-stock', unavailable: ['SKU-MUG'] },
};
const failed: DomainEvent = { type: 'shop.payment.failed.v1', data: { orderId, reason: 'payment-declined' } };
const completed: DomainEvent = {
  type: 'shop.payment.completed.v1',
  data: { orderId, paymentId: randomUUID(), amount: 890, currency: 'EUR' },
};
const reserved: DomainEvent = {
  type: 'shop.inventory.reserved.v1',
  data: { orderId, reservationId: randomUUID(), items: [{ sku: 'SKU-MUG', quantity: 1 }] },
};

describe('the order side of the saga', () => {
  it('confirms a pending order on payment.completed and cancels it with a reason on a rejection or failure', () => {
    expect(sagaStep(order('PENDING'), completed)).toEqual({ kind: 'confirm' });
    expect(sagaStep(order('PENDING'), rejected)).toEqual({ kind: 'cancel', reason: 'out-of-stock' });
    expect(sagaStep(order('PENDING'), failed)).toEqual({ kind: 'cancel', reason: 'payment-declined' });
    expect(sagaStep(order('PENDING'), reserved).kind).toBe('none');
  });

  it('never changes a final order: it is never both confirmed and cancelled (I5)', () => {
    for (const status of ['CONFIRMED', 'CANCELLED'] as const) {
      for (const event of [completed, rejected, failed]) expect(sagaStep(order(status), event).kind).toBe('none');
    }
  });

  it('emits order.confirmed and order.cancelled with the previous status', () => {
    const now = new Date();
    expect(confirmOrder(order('PENDING'), now).order.status).toBe('CONFIRMED');
    expect(() => confirmOrder(order('CANCELLED'), now)).toThrow();
    const cancelled = cancelOrder(order('CONFIRMED'), 'customer-request', now);
    expect(cancelled.order).toMatchObject({ status: 'CANCELLED', reason: 'customer-request' });
    expect(cancelled.event).toEqual({
      type: 'shop.order.cancelled.v1',
      data: { orderId, customerId: 'c-1', reason: 'customer-request', previousStatus: 'CONFIRMED' },
    });
    expect(() => cancelOrder(order('CANCELLED'), 'timeout', now)).toThrow(OrderNotCancellableError);
  });
});
