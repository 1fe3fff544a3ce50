import type { OrderAccepted, PlaceOrderRequest } from '@shop/contracts';
import { AppError } from '@shop/platform';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store';
import { placeOrderOnce } from './place-order-once';

/** An in-memory IdempotencyStore (our own port) whose claim is atomic, like Redis' first-write. */
class MemoryStore implements IdempotencyStore {
  readonly records = new Map<string, IdempotencyRecord>();
  async get(key: string) {
    return this.records.get(key);
  }
  async claim(key: string, record: IdempotencyRecord) {
    if (this.records.has(key)) return false;
    this.records.set(key, record);
    return true;
  }
  async complete(key: string, record: IdempotencyRecord) {
    this.records.set(key, record);
  }
}

const body: PlaceOrderRequest = {
  customerId: 'c-1',
  items: [{ sku: 'SKU-MUG', quantity: 1 }],
  paymentMethod: 'pm_card_ok',
};

/** A stand-in order service that, like the real one, creates at most one order per id. */
function orderService() {
  const orders = new Map<string, PlaceOrderRequest>();
  const calls: string[] = [];
  return {
    orders,
    calls,
    placeOrder: async (orderId: string, order: PlaceOrderRequest): Promise<OrderAccepted> => {
      calls.push(orderId);
      await new Promise((r) => setTimeout(r, 5));
      if (!orders.has(orderId)) orders.set(orderId, order);
      return { orderId, status: 'PENDING' };
    },
  };
}

describe('placing an order under an Idempotency-Key', () => {
  it('places a new order once and replays its answer for the same key and body', async () => {
    const store = new MemoryStore();
    const svc = orderService();
    const first = await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', body);
    const again = await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', { ...body });
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ answer: first.answer, replayed: true });
    expect(svc.calls).toHaveLength(1);
  });

  it('refuses the same key with another body (422) and places nothing', async () => {
    const store = new MemoryStore();
    const svc = orderService();
    await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', body);
    const other = placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', {
      ...body,
      paymentMethod: 'pm_x',
    });
    await expect(other).rejects.toMatchObject({ status: 422, type: 'idempotency-key-reused' });
    await expect(other).rejects.toBeInstanceOf(AppError);
    expect(svc.orders.size).toBe(1);
  });

  it('sends concurrent replays under one order id, so at most one order exists', async () => {
    const store = new MemoryStore();
    const svc = orderService();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', body)),
    );
    expect(new Set(results.map((r) => r.answer.orderId)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(new Set(svc.calls).size).toBe(1);
    expect(svc.orders.size).toBe(1);
  });

  it('finishes a request that died half way with the order id it had reserved', async () => {
    const store = new MemoryStore();
    const svc = orderService();
    const failing = async (): Promise<OrderAccepted> => {
      throw AppError.unavailable('order is down');
    };
    await expect(placeOrderOnce({ store, placeOrder: failing }, 'c-1', 'k1', body)).rejects.toMatchObject({
      status: 503,
    });
    const reserved = [...store.records.values()][0]!.orderId;
    const retried = await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', body);
    expect(retried.answer.orderId).toBe(reserved);
  });

  it('keeps two callers with the same key apart', async () => {
    const store = new MemoryStore();
    const svc = orderService();
    const a = await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-1', 'k1', body);
    const b = await placeOrderOnce({ store, placeOrder: svc.placeOrder }, 'c-2', 'k1', { ...body, customerId: 'c-2' });
    expect(a.answer.orderId).not.toBe(b.answer.orderId);
    expect(b.replayed).toBe(false);
  });
});
