import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import { chargeIdFor, type Ledger } from '../data/ledger';
import { behaviourOf } from '../domain/test-methods';

const key = z.string().min(1).max(128);
const chargeBody = z.object({
  idempotencyKey: key,
  amount: z.number().int().nonnegative(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  paymentMethod: z.string().min(1).max(64),
});
const refundBody = z.object({
  chargeId: z.string().min(1).max(64),
  amount: z.number().int().positive(),
  idempotencyKey: key,
});

/** Counts charge attempts per idempotency key, so tests can see what was retried. Bounded. */
class AttemptCounter {
  private readonly counts = new Map<string, number>();
  next(k: string): number {
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.delete(k);
    this.counts.set(k, n);
    if (this.counts.size > 10_000) this.counts.delete(this.counts.keys().next().value as string);
    return n;
  }
  get(k: string): number {
    return this.counts.get(k) ?? 0;
  }
}

/**
 * The stand-in payment provider. An outcome is always a 2xx answer, `succeeded` or
 * `declined`: a decline is a business result, and an error status would count as a failure
 * in the caller's circuit breaker. Only real trouble is an error: 503 for pm_card_flaky's
 * transient failures, and pm_card_slow answers too late to be heard (it captures nothing).
 */
export function pspRoutes(deps: { ledger: Ledger; slowMs: number }): Router {
  const router = Router();
  const attempts = new AttemptCounter();

  router.post('/charges', async (req, res) => {
    const body = chargeBody.safeParse(req.body);
    if (!body.success) throw AppError.badRequest(z.prettifyError(body.error));
    const { idempotencyKey, amount, currency, paymentMethod } = body.data;
    const attempt = attempts.next(idempotencyKey);
    const existing = await deps.ledger.find(chargeIdFor(idempotencyKey));
    if (existing) {
      res.json({ status: 'succeeded', chargeId: existing.charge.chargeId, amount: existing.charge.amount, attempt });
      return;
    }
    const behaviour = behaviourOf(paymentMethod, attempt);
    switch (behaviour.kind) {
      case 'transient-failure':
        throw new AppError(503, 'psp-unavailable', 'Temporarily unavailable', `transient failure (attempt ${attempt})`);
      case 'slow':
        await sleep(deps.slowMs);
        res.json({ status: 'declined', declineCode: 'processing_timeout', attempt });
        return;
      case 'decline':
        res.json({ status: 'declined', declineCode: behaviour.code, attempt });
        return;
      case 'capture': {
        const charge = await deps.ledger.capture(idempotencyKey, amount, currency);
        res.status(201).json({ status: 'succeeded', chargeId: charge.chargeId, amount: charge.amount, attempt });
      }
    }
  });

  router.get('/charges', async (req, res) => {
    const k = key.safeParse(req.query.idempotencyKey);
    if (!k.success) throw AppError.badRequest('idempotencyKey is required');
    const found = await deps.ledger.find(chargeIdFor(k.data));
    res.json({ idempotencyKey: k.data, attempts: attempts.get(k.data), charge: found?.charge ?? null });
  });

  router.post('/refunds', async (req, res) => {
    const body = refundBody.safeParse(req.body);
    if (!body.success) throw AppError.badRequest(z.prettifyError(body.error));
    const { chargeId, amount, idempotencyKey } = body.data;
    for (;;) {
      const found = await deps.ledger.find(chargeId);
      if (!found) throw AppError.notFound(`charge ${chargeId} does not exist`);
      const { charge, etag } = found;
      const replay = charge.refunds.find((r) => r.idempotencyKey === idempotencyKey);
      if (replay) {
        res.json({ status: 'refunded', chargeId, amount: replay.amount });
        return;
      }
      if (charge.refunded + amount > charge.amount) {
        throw new AppError(
          422,
          'refund-exceeds-charge',
          'Refund exceeds the charge',
          `${chargeId} has ${charge.amount - charge.refunded} left`,
        );
      }
      const next = {
        ...charge,
        refunded: charge.refunded + amount,
        refunds: [...charge.refunds, { idempotencyKey, amount, at: new Date().toISOString() }],
      };
      if (await deps.ledger.update(next, etag)) {
        res.status(201).json({ status: 'refunded', chargeId, amount });
        return;
      }
    }
  });

  return router;
}
