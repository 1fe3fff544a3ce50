import { randomUUID } from 'node:crypto';
import { eventCatalog, eventTypesOn, parseDomainEvent, topics } from './index';

const created = {
  orderId: randomUUID(),
  customerId: 'c-1',
  items: [{ sku: 'SKU-MUG', quantity: 2, unitPrice: 890 }],
  total: 1780,
  currency: 'EUR',
  paymentMethod: 'pm_card_ok',
  deadline: new Date().toISOString(),
};

describe('event contracts', () => {
  it('accepts a valid event and narrows it by type', () => {
    const event = parseDomainEvent({ type: 'shop.order.created.v1', data: created });
    expect(event.type).toBe('shop.order.created.v1');
    if (event.type === 'shop.order.created.v1') expect(event.data.total).toBe(1780);
  });

  it('rejects an unknown type, a type the consumer does not accept, and invalid data', () => {
    expect(() => parseDomainEvent({ type: 'shop.order.shipped.v1', data: created })).toThrow(/unsupported/);
    expect(() =>
      parseDomainEvent({ type: 'shop.order.created.v1', data: created }, ['shop.payment.failed.v1']),
    ).toThrow(/unsupported/);
    expect(() => parseDomainEvent({ type: 'shop.order.created.v1', data: { ...created, total: -1 } })).toThrow();
  });

  it('versions every type and maps it to one of the three topics', () => {
    for (const [type, entry] of Object.entries(eventCatalog)) {
      expect(type).toMatch(/^shop\.(order|inventory|payment)\.[a-z]+\.v\d+$/);
      expect(Object.values(topics)).toContain(entry.topic);
      expect(entry.topic.startsWith(type.split('.')[1] as string)).toBe(true);
    }
  });

  it('lists the event types of each topic, for the subscriptions that read it', () => {
    expect(eventTypesOn(topics.order)).toEqual([
      'shop.order.created.v1',
      'shop.order.confirmed.v1',
      'shop.order.cancelled.v1',
    ]);
    expect(eventTypesOn(topics.payment)).toEqual([
      'shop.payment.completed.v1',
      'shop.payment.failed.v1',
      'shop.payment.refunded.v1',
    ]);
  });
});
