import { firstPerKey } from './outbox';

describe('outbox batches', () => {
  it('take one row per topic and key, the earliest, so a partial failure cannot reorder an order', () => {
    const rows = [
      { seq: 1, topic: 'order.events', partition_key: 'a' },
      { seq: 2, topic: 'order.events', partition_key: 'b' },
      { seq: 3, topic: 'order.events', partition_key: 'a' },
      { seq: 4, topic: 'payment.events', partition_key: 'a' },
      { seq: 5, topic: 'order.events', partition_key: 'b' },
    ];
    expect(firstPerKey(rows).map((r) => r.seq)).toEqual([1, 2, 4]);
    expect(firstPerKey(rows.filter((r) => ![1, 2, 4].includes(r.seq))).map((r) => r.seq)).toEqual([3, 5]);
  });
});
