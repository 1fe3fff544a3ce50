import { cancelReasons, orderAccepted, orderTimeline, placeOrderRequest } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import { principalOf, requireRole } from '../auth/authenticate';
import { mayActFor } from '../auth/principal';
import { requireJsonBody, validate } from '../http/validate';
import type { IdempotencyStore } from '../idempotency/idempotency-store';
import { placeOrderOnce } from '../idempotency/place-order-once';
import type { Services } from '../upstream/services';
import { findProducts } from './catalogue-routes';
import { orderFor } from './order-access';

/** Printable ASCII, as the header allows, and short enough to log. */
export const idempotencyKeyHeader = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[\x21-\x7E]+$/, 'printable ASCII without spaces');

export function ordersRoutes(deps: { services: Services; idempotency: IdempotencyStore }): Router {
  const { services } = deps;
  const router = Router();
  const anyone = requireRole('customer', 'admin');

  router.post('/orders', anyone, requireJsonBody, async (req, res) => {
    const principal = principalOf(res);
    const key = req.header('idempotency-key');
    if (key === undefined) {
      throw new AppError(
        400,
        'idempotency-key-missing',
        'Idempotency-Key required',
        'send an Idempotency-Key header (a UUID will do) so a retried request cannot place a second order',
      );
    }
    const idempotencyKey = validate(idempotencyKeyHeader, key, 'Idempotency-Key header');
    const body = validate(placeOrderRequest, req.body, 'body');
    if (!mayActFor(principal, body.customerId)) {
      throw new AppError(
        403,
        'forbidden',
        'Forbidden',
        'a customer places orders only for themself (customerId must be the token subject)',
      );
    }
    // Unknown products are refused here, not by the order service: its 422 would come back
    // through the sidecar, where daprd counts it against the breaker all placements share.
    const skus = [...new Set(body.items.map((i) => i.sku))];
    const known = new Set((await findProducts(services, skus)).map((p) => p.sku));
    const unknown = skus.find((s) => !known.has(s));
    if (unknown)
      throw new AppError(422, 'unknown-sku', 'Unknown product', `unknown sku '${unknown}'`, { sku: unknown });
    const placed = await placeOrderOnce(
      {
        store: deps.idempotency,
        placeOrder: async (orderId, order) =>
          (await services.call('order', 'orders', { method: 'POST', body: { ...order, orderId } }, orderAccepted)).body,
      },
      principal.sub,
      idempotencyKey,
      body,
    );
    if (placed.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(202).location(`/api/v1/orders/${placed.answer.orderId}`).json(placed.answer);
  });

  router.get('/orders/:id', anyone, async (req, res) => {
    res.json(await orderFor(services, principalOf(res), req.params.id));
  });

  router.get('/orders/:id/timeline', anyone, async (req, res) => {
    const order = await orderFor(services, principalOf(res), req.params.id);
    res.json((await services.call('order', `orders/${order.orderId}/timeline`, {}, orderTimeline)).body);
  });

  router.post('/orders/:id/cancel', anyone, async (req, res) => {
    const order = await orderFor(services, principalOf(res), req.params.id);
    // What the order's state already decides is answered here: a repeated cancel, and one the
    // saga's own cancellation refuses. The order service still decides any race.
    if (order.status === 'CANCELLED') {
      if (order.reason !== cancelReasons.customer) {
        throw new AppError(
          409,
          'order-not-cancellable',
          'The order cannot be cancelled',
          `order ${order.orderId} is already cancelled (${order.reason})`,
        );
      }
      res.status(202).json({ orderId: order.orderId, status: order.status });
      return;
    }
    const { body } = await services.call('order', `orders/${order.orderId}/cancel`, { method: 'POST' }, orderAccepted);
    res.status(202).json(body);
  });

  return router;
}
