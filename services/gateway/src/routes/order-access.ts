import { orderView, type OrderView } from '@shop/contracts';
import { AppError } from '@shop/platform';
import { z } from 'zod';
import { mayActFor, type Principal } from '../auth/principal';
import type { Services } from '../upstream/services';

export const orderIdParam = z.uuid();

/**
 * Reads an order the caller may see. Another customer's order is answered exactly like a
 * missing one (404), so order ids cannot be probed for existence.
 */
export async function orderFor(services: Services, principal: Principal, rawId: unknown): Promise<OrderView> {
  const id = orderIdParam.safeParse(rawId);
  if (!id.success) throw AppError.notFound(`order ${String(rawId)} does not exist`);
  const { body: order } = await services.call('order', `orders/${id.data}`, {}, orderView);
  if (!mayActFor(principal, order.customerId)) throw AppError.notFound(`order ${id.data} does not exist`);
  return order;
}
