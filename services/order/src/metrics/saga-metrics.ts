/**
 * The saga's own metrics, on the app's /metrics: orders by status and reason and dead letters
 * by consumer and status (both read from the database at scrape time, so they are exact
 * across restarts and replicas), and how long sagas take (observed after the transition
 * that ends one has committed).
 */
import { subscriptions } from '@shop/contracts';
import { metricsRegistry } from '@shop/platform';
import type { Pool } from 'pg';
import { Gauge, Histogram } from 'prom-client';
import { DEAD_LETTER_STATUSES } from '../dead-letters/dead-letter-repository';
import type { Order } from '../domain/order';

export const sagaDuration = new Histogram({
  name: 'shop_saga_duration_seconds',
  help: 'Time from an order being accepted to its saga ending, by outcome',
  labelNames: ['outcome'] as const,
  buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
  registers: [metricsRegistry],
});

/** Call once a transition out of PENDING has committed: the saga of this order has ended. */
export function observeSagaEnd(order: Order): void {
  sagaDuration.observe(
    { outcome: order.status.toLowerCase() },
    Math.max(0, (order.updatedAt.getTime() - order.createdAt.getTime()) / 1000),
  );
}

export function registerSagaGauges(pool: Pool): void {
  new Gauge({
    name: 'shop_orders',
    help: 'Orders by status and, for cancelled ones, the reason',
    labelNames: ['status', 'reason'] as const,
    registers: [metricsRegistry],
    async collect() {
      const { rows } = await pool.query<{ status: string; reason: string; n: string }>(
        `SELECT status, coalesce(reason, '') AS reason, count(*) AS n FROM orders GROUP BY 1, 2`,
      );
      this.reset();
      for (const r of rows) this.set({ status: r.status, reason: r.reason }, Number(r.n));
    },
  });
  new Gauge({
    name: 'shop_dead_letters',
    help: 'Dead-lettered messages stored, by the consumer that gave up and their status',
    labelNames: ['consumer', 'status'] as const,
    registers: [metricsRegistry],
    async collect() {
      const { rows } = await pool.query<{ consumer: string; status: string; n: string }>(
        'SELECT consumer, status, count(*) AS n FROM dead_letters GROUP BY 1, 2',
      );
      this.reset();
      // Every consumer and status has a series, 0 included: "none" is an answer a dashboard
      // and an alert should see, not a gap.
      for (const consumer of new Set(subscriptions.map((s) => s.consumer)))
        for (const status of DEAD_LETTER_STATUSES) this.set({ consumer, status }, 0);
      for (const r of rows) this.set({ consumer: r.consumer, status: r.status }, Number(r.n));
    },
  });
}
