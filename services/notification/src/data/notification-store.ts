import type { DaprClient } from '@shop/platform';
import { notificationKey, OUTCOMES, type Notification } from '../domain/notification';

/** Notifications in the Redis state store, through the sidecar. */
export class NotificationStore {
  constructor(
    private readonly dapr: DaprClient,
    private readonly store: string,
  ) {}

  /**
   * Claims the order's outcome with a first-write: only one delivery can create it, however
   * often or concurrently the event arrives. Returns false for a duplicate.
   */
  claim(n: Notification): Promise<boolean> {
    return this.dapr.saveState(this.store, { key: notificationKey(n.orderId, n.outcome), value: n, firstWrite: true });
  }

  /** Counts a duplicate on the stored notification (an etag-guarded update, retried on a race). */
  async countDuplicate(orderId: string, outcome: Notification['outcome']): Promise<void> {
    const key = notificationKey(orderId, outcome);
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.dapr.getState<Notification>(this.store, key);
      if (!found) return;
      const next = { ...found.value, duplicatesSkipped: found.value.duplicatesSkipped + 1 };
      if (await this.dapr.saveState(this.store, { key, value: next, ...(found.etag ? { etag: found.etag } : {}) })) {
        return;
      }
    }
  }

  async forOrder(orderId: string): Promise<Notification[]> {
    const found = await this.dapr.getBulkState<Notification>(
      this.store,
      OUTCOMES.map((o) => notificationKey(orderId, o)),
    );
    return [...found.values()].sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  }
}
