import { AppError } from '@shop/platform';
import { Router } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { findProduct, listProducts, setAvailable } from '../data/product-repository';

const listQuery = z.object({
  skus: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.string().max(64)).max(100))
    .optional(),
});

const stockBody = z.object({ available: z.number().int().min(0).max(1_000_000_000) });

export function productsRoutes(pool: Pool): Router {
  const router = Router();
  router.get('/products', async (req, res) => {
    const query = listQuery.safeParse(req.query);
    if (!query.success) throw AppError.badRequest(z.prettifyError(query.error));
    res.json({ items: await listProducts(pool, query.data.skus) });
  });
  router.get('/products/:sku', async (req, res) => {
    const product = await findProduct(pool, req.params.sku);
    if (!product) throw AppError.notFound(`product ${req.params.sku} does not exist`);
    res.json(product);
  });
  // Sets the stock on the shelf (a stock count); reservations already held are not touched.
  router.put('/admin/products/:sku/stock', async (req, res) => {
    const body = stockBody.safeParse(req.body);
    if (!body.success) throw AppError.badRequest(z.prettifyError(body.error));
    const product = await setAvailable(pool, req.params.sku, body.data.available);
    if (!product) throw AppError.notFound(`product ${req.params.sku} does not exist`);
    res.json(product);
  });
  return router;
}
