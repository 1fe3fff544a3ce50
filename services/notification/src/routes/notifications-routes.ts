import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import type { NotificationStore } from '../data/notification-store';

export function notificationsRoutes(store: NotificationStore): Router {
  const router = Router();
  router.get('/notifications', async (req, res) => {
    const orderId = z.uuid().safeParse(req.query.orderId);
    if (!orderId.success) throw AppError.badRequest('orderId must be an order id');
    res.json({ orderId: orderId.data, items: await store.forOrder(orderId.data) });
  });
  return router;
}
