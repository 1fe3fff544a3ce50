import { orderView, type OrderView } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { z } from 'zod';
import { mayActFor, type Principal } from '../auth/principal';
import type { Services } from '../upstream/services';

export const orderIdParam = z.uuid();

const lookup = z.object({ items: z.array(orderView) });

/**
 * Reads an order the caller may see. Another customer's order is answered exactly like a
 * missing one (404), so order ids cannot be probed for existence.
 *
 * It asks the order service a lookup (`?ids=`) whose "not there" is an empty 200 list: daprd
 * counts every non-2xx answer as a failure for its retries and circuit breaker, so 404s for
 * ids that do not exist must not come back through the sidecar.
 */
export async function orderFor(services: Services, principal: Principal, rawId: unknown): Promise<OrderView> {
  const id = orderIdParam.safeParse(rawId);
  if (!id.success) throw AppError.notFound(`order ${String(rawId)} does not exist`);
  const { body } = await services.call('order', `orders?ids=${id.data}`, {}, lookup);
  const order = body.items[0];
  if (!order || !mayActFor(principal, order.customerId)) throw AppError.notFound(`order ${id.data} does not exist`);
  return order;
}
