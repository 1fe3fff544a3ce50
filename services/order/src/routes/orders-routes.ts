import type { OrderView } from '@shop/contracts';
import { activeTraceContext, AppError, type TraceContext } from '@shop/platform';
import { Router, type Request } from 'express';
import type { Pool } from 'pg';
import { z } from 'zod';
import { findOrder, findOrders } from '../data/order-repository';
import { listTimeline } from '../data/timeline-repository';
import { cancelByCustomer, OrderNotFoundError } from '../domain/cancel-order';
import { OrderIdConflictError, placeOrderSchema, UnknownSkuError, type Order } from '../domain/order';
import { OrderNotCancellableError } from '../domain/order-saga';
import { placeOrder, type PlaceOrderDeps } from '../domain/place-order';

export const orderView = (o: Order): OrderView => ({
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

/** This request's trace context (its server span; else the header daprd forwards), for the events it emits. */
function traceOf(req: Request): TraceContext {
  return activeTraceContext({ traceparent: req.header('traceparent'), tracestate: req.header('tracestate') });
}

const orderIdParam = z.uuid();

/**
 * `?ids=a,b`: a lookup whose "none of these" is an empty list, not a 404. Callers behind a
 * Dapr circuit breaker use it, because daprd counts every non-2xx answer as a failure.
 */
const lookupQuery = z.object({
  ids: z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.uuid()).min(1).max(100)),
});

export function ordersRoutes(deps: PlaceOrderDeps & { pool: Pool }): Router {
  const router = Router();

  router.post('/orders', async (req, res) => {
    const parsed = placeOrderSchema.safeParse(req.body);
    if (!parsed.success) throw AppError.badRequest(z.prettifyError(parsed.error));
    try {
      const order = await placeOrder(deps, { ...parsed.data, trace: traceOf(req) });
      res.status(202).json({ orderId: order.id, status: order.status });
    } catch (err) {
      if (err instanceof UnknownSkuError) {
        throw new AppError(422, 'unknown-sku', 'Unknown product', err.message, { sku: err.sku });
      }
      if (err instanceof OrderIdConflictError) {
        throw new AppError(409, 'order-id-conflict', 'Another order has this id', err.message);
      }
      throw err;
    }
  });

  router.get('/orders', async (req, res) => {
    const query = lookupQuery.safeParse(req.query);
    if (!query.success) throw AppError.badRequest(z.prettifyError(query.error));
    res.json({ items: (await findOrders(deps.pool, query.data.ids)).map(orderView) });
  });

  router.get('/orders/:id', async (req, res) => {
    const id = orderIdParam.safeParse(req.params.id);
    const order = id.success ? await findOrder(deps.pool, id.data) : undefined;
    if (!order) throw AppError.notFound(`order ${req.params.id} does not exist`);
    res.json(orderView(order));
  });

  router.get('/orders/:id/timeline', async (req, res) => {
    const id = orderIdParam.safeParse(req.params.id);
    const order = id.success ? await findOrder(deps.pool, id.data) : undefined;
    if (!order) throw AppError.notFound(`order ${req.params.id} does not exist`);
    const events = await listTimeline(deps.pool, order.id);
    res.json({
      orderId: order.id,
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        time: e.time.toISOString(),
        ...(e.traceId ? { traceId: e.traceId } : {}),
      })),
    });
  });

  router.post('/orders/:id/cancel', async (req, res) => {
    const id = orderIdParam.safeParse(req.params.id);
    if (!id.success) throw AppError.notFound(`order ${req.params.id} does not exist`);
    try {
      const order = await cancelByCustomer(deps.pool, id.data, traceOf(req));
      res.status(202).json({ orderId: order.id, status: order.status });
    } catch (err) {
      if (err instanceof OrderNotFoundError) throw AppError.notFound(err.message);
      if (err instanceof OrderNotCancellableError) {
        throw new AppError(409, 'order-not-cancellable', 'The order cannot be cancelled', err.message);
      }
      throw err;
    }
  });

  return router;
}
