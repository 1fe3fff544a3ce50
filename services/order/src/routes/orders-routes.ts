import { AppError } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { findOrder } from '../data/order-repository';
import { placeOrderSchema, UnknownSkuError, type Order } from '../domain/order';
import { placeOrder, type PlaceOrderDeps } from '../domain/place-order';

export const orderView = (o: Order) => ({
  orderId: o.id,
  customerId: o.customerId,
  status: o.status,
  ...(o.reason ? { reason: o.reason } : {}),
  items: o.items,
  total: o.total,
  currency: o.currency,
  createdAt: o.createdAt.toISOString(),
  updatedAt: o.updatedAt.toISOString(),
});

export function ordersRoutes(deps: PlaceOrderDeps & { pool: Pool }): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const parsed = placeOrderSchema.safeParse(req.body);
    if (!parsed.success) throw AppError.badRequest(z.prettifyError(parsed.error));
    try {
      const order = await placeOrder(deps, parsed.data);
      res.status(202).json({ orderId: order.id, status: order.status });
    } catch (err) {
      if (err instanceof UnknownSkuError) {
        throw new AppError(422, 'unknown-sku', 'Unknown product', err.message, { sku: err.sku });
      }
      throw err;
    }
  });

  router.get('/orders/:id', async (req, res) => {
    const id = z.uuid().safeParse(req.params.id);
    const order = id.success ? await findOrder(deps.pool, id.data) : undefined;
    if (!order) throw AppError.notFound(`order ${req.params.id} does not exist`);
    res.json(orderView(order));
  });

  return router;
}
