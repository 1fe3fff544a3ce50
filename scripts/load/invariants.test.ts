import { checkI1, checkI6, checkProduced, type OrderRow, type RunOrders } from './invariants';
import type { TopicMessage } from './kafka-topics';

const order = (id: string, status = 'CONFIRMED', customer = `k-${id}`): OrderRow => ({
  id,
  customer_id: customer,
  status,
  total: '100',
});
const run = (accepted: RunOrders['accepted'], mismatches: RunOrders['idempotencyMismatches'] = []): RunOrders => ({
  prefix: 'k-',
  accepted,
  idempotencyMismatches: mismatches,
  initialStock: {},
});
let offset = 0;
const msg = (key: string, type: string, id = `${key}-${type}-${offset}`): TopicMessage => ({
  topic: 'x',
  partition: 0,
  offset: offset++,
  key,
  event: { id, type },
});

describe('the fault run invariants', () => {
  it('I1: an accepted order missing or still pending is a violation; terminal ones are not', () => {
    const v = checkI1(
      [order('a'), order('b', 'PENDING'), order('c', 'CANCELLED')],
      run([
        { orderId: 'a', key: 'k-a' },
        { orderId: 'z', key: 'k-z' },
      ]),
    );
    expect(v.map((x) => [x.invariant, x.orderId])).toEqual([
      ['I1', 'z'],
      ['I1', 'b'],
    ]);
  });

  it('I5: both confirmed and cancelled, a wrong first event, or a refund without a capture', () => {
    const ids = new Set(['o1', 'o2', 'o3', 'ok']);
    const orderEvents = new Map([
      [
        'o1',
        [
          msg('o1', 'shop.order.created.v1'),
          msg('o1', 'shop.order.confirmed.v1'),
          msg('o1', 'shop.order.cancelled.v1'),
        ],
      ],
      ['o2', [msg('o2', 'shop.order.confirmed.v1')]],
      ['ok', [msg('ok', 'shop.order.created.v1'), msg('ok', 'shop.order.confirmed.v1')]],
    ]);
    expect(checkProduced(orderEvents, 'order.events', ids).map((v) => v.orderId)).toEqual(['o1', 'o2']);
    const payments = new Map([['o3', [msg('o3', 'shop.payment.failed.v1'), msg('o3', 'shop.payment.refunded.v1')]]]);
    expect(checkProduced(payments, 'payment.events', ids)).toEqual([
      expect.objectContaining({ invariant: 'I5', orderId: 'o3', detail: expect.stringContaining('without') }),
    ]);
  });

  it('I5: the same event published twice (at least once) is fine; two different confirmations are not', () => {
    const ids = new Set(['o1', 'o2']);
    const republished = msg('o1', 'shop.order.confirmed.v1', 'same-id');
    const events = new Map([
      ['o1', [msg('o1', 'shop.order.created.v1'), republished, { ...republished, offset: offset++ }]],
      [
        'o2',
        [
          msg('o2', 'shop.order.created.v1'),
          msg('o2', 'shop.order.confirmed.v1'),
          msg('o2', 'shop.order.confirmed.v1'),
        ],
      ],
    ]);
    expect(checkProduced(events, 'order.events', ids).map((v) => v.orderId)).toEqual(['o2']);
  });

  it('I6: two orders for one key, an answer for another key, or a mismatched repeat', () => {
    const v = checkI6(
      [order('a', 'CONFIRMED', 'k-1'), order('b', 'CONFIRMED', 'k-1'), order('c', 'CONFIRMED', 'k-3')],
      run([{ orderId: 'c', key: 'k-2' }], [{ key: 'k-4', orderId: 'd', status: '202' }]),
    );
    expect(v.map((x) => x.detail)).toEqual([
      expect.stringContaining('k-1 has 2 orders'),
      expect.stringContaining('answered for key k-2'),
      expect.stringContaining('key k-4 sent again: answered with another order'),
    ]);
    expect(checkI6([order('a'), order('b')], run([{ orderId: 'a', key: 'k-a' }]))).toEqual([]);
  });
});
