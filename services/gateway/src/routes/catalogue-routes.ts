import { notificationList, product, productList, stockUpdate } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/authenticate';
import { requireJsonBody, validate } from '../http/validate';
import type { Services } from '../upstream/services';
import { orderFor } from './order-access';

const skuParam = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

/** The catalogue, stock counts (admin) and an order's notifications. */
export function catalogueRoutes(services: Services): Router {
  const router = Router();
  const anyone = requireRole('customer', 'admin');

  router.get('/products', anyone, async (_req, res) => {
    res.json((await services.call('inventory', 'products', {}, productList)).body);
  });

  router.get('/products/:sku', anyone, async (req, res) => {
    const sku = skuParam.safeParse(req.params.sku);
    if (!sku.success) throw AppError.notFound(`product ${req.params.sku} does not exist`);
    res.json((await services.call('inventory', `products/${sku.data}`, {}, product)).body);
  });

  router.put('/admin/products/:sku/stock', requireRole('admin'), requireJsonBody, async (req, res) => {
    const sku = skuParam.safeParse(req.params.sku);
    if (!sku.success) throw AppError.notFound(`product ${req.params.sku} does not exist`);
    const body = validate(stockUpdate, req.body, 'body');
    res.json(
      (await services.call('inventory', `admin/products/${sku.data}/stock`, { method: 'PUT', body }, product)).body,
    );
  });

  router.get('/notifications', anyone, async (req, res) => {
    const { orderId } = validate(z.object({ orderId: z.uuid() }), req.query, 'query');
    const order = await orderFor(services, principalOf(res), orderId);
    res.json(
      (await services.call('notification', `notifications?orderId=${order.orderId}`, {}, notificationList)).body,
    );
  });

  return router;
}
