import { notificationList, product, productList, stockUpdate } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/authenticate';
import { requireJsonBody, validate } from '../http/validate';
import type { Services } from '../upstream/services';
import { orderFor } from './order-access';

const skuParam = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/);

/**
 * The products among `skus` that exist. A lookup answers 200 even when none do: a 404 through
 * the sidecar would count against the inventory circuit breaker (see order-access.ts).
 */
export async function findProducts(services: Services, skus: string[]): Promise<z.infer<typeof product>[]> {
  return (await services.call('inventory', `products?skus=${skus.map(encodeURIComponent).join(',')}`, {}, productList))
    .body.items;
}

async function productFor(services: Services, rawSku: unknown): Promise<z.infer<typeof product>> {
  const sku = skuParam.safeParse(rawSku);
  const found = sku.success ? (await findProducts(services, [sku.data]))[0] : undefined;
  if (!found) throw AppError.notFound(`product ${String(rawSku)} does not exist`);
  return found;
}

/** The catalogue, stock counts (admin) and an order's notifications. */
export function catalogueRoutes(services: Services): Router {
  const router = Router();
  const anyone = requireRole('customer', 'admin');

  router.get('/products', anyone, async (_req, res) => {
    res.json((await services.call('inventory', 'products', {}, productList)).body);
  });

  router.get('/products/:sku', anyone, async (req, res) => {
    res.json(await productFor(services, req.params.sku));
  });

  router.put('/admin/products/:sku/stock', requireRole('admin'), requireJsonBody, async (req, res) => {
    const body = validate(stockUpdate, req.body, 'body');
    const { sku } = await productFor(services, req.params.sku);
    res.json((await services.call('inventory', `admin/products/${sku}/stock`, { method: 'PUT', body }, product)).body);
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
