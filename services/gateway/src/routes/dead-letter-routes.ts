import { deadLetter, deadLetterList, deadLetterQuery } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../auth/authenticate';
import { validate } from '../http/validate';
import type { Services } from '../upstream/services';

/** Dead-lettered messages, kept by the order service: list and redrive (admin only). */
export function deadLetterRoutes(services: Services): Router {
  const router = Router();
  const admin = requireRole('admin');

  router.get('/admin/dead-letters', admin, async (req, res) => {
    const query = validate(deadLetterQuery, req.query, 'query');
    const qs = new URLSearchParams(
      Object.entries(query)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]): [string, string] => [k, String(v)]),
    );
    res.json((await services.call('order', `admin/dead-letters?${qs}`, {}, deadLetterList)).body);
  });

  router.post('/admin/dead-letters/:id/redrive', admin, async (req, res) => {
    // Decided here from a lookup (200 even when empty), not from the order service's 404 or
    // 409: daprd would count those against the breaker of this route.
    const id = z.uuid().safeParse(req.params.id);
    const found = id.success
      ? (await services.call('order', `admin/dead-letters?id=${id.data}`, {}, deadLetterList)).body.items[0]
      : undefined;
    if (!id.success || !found) throw AppError.notFound(`dead letter ${req.params.id} does not exist`);
    if (found.status === 'REDRIVEN') {
      throw new AppError(409, 'already-redriven', 'Already redriven', `dead letter ${found.id} was redriven already`);
    }
    res.json(
      (await services.call('order', `admin/dead-letters/${id.data}/redrive`, { method: 'POST' }, deadLetter)).body,
    );
  });

  return router;
}
