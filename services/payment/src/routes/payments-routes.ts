import { AppError } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { paymentsOf } from '../data/charge-repository';

/** An order's charge and money movements: what I3 (one capture, nothing net when cancelled) is checked on. */
export function paymentsRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/payments', async (req, res) => {
    const orderId = z.uuid().safeParse(req.query.orderId);
    if (!orderId.success) throw AppError.badRequest('orderId must be an order id');
    const { charge, movements } = await paymentsOf(pool, orderId.data);
    const net = movements.reduce((sum, m) => sum + (m.kind === 'capture' ? m.amount : -m.amount), 0);
    res.json({
      orderId: orderId.data,
      status: charge?.status ?? null,
      reason: charge?.reason ?? null,
      net,
      movements: movements.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
    });
  });
  return router;
}
