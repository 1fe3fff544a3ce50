import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { cancelExpiredOrders } from './cancel-order';

/**
 * Enforces the saga deadline (DESIGN.md, saga step 7): a timer that cancels pending orders
 * past their deadline. Every replica may run it; row locks keep them from colliding.
 */
export class SagaDeadlineWatcher {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweep().finally(() => {
        this.running = undefined;
      });
    }, this.intervalMs);
  }

  private async sweep(): Promise<void> {
    try {
      for (;;) {
        const cancelled = await cancelExpiredOrders(this.pool);
        if (cancelled > 0) this.logger.warn({ cancelled }, 'cancelled orders past their saga deadline');
        if (cancelled < 50) return;
      }
    } catch (err) {
      this.logger.error({ err }, 'saga deadline sweep failed; retrying on the next tick');
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
