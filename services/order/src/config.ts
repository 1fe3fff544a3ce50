import { baseConfigSchema, databaseConfigSchema } from '@shop/platform';
import { z } from 'zod';

export const orderConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  /** How long a saga may stay PENDING before it is cancelled with reason `timeout`. */
  SAGA_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  /** How often pending orders are checked against their deadline. */
  SAGA_DEADLINE_CHECK_MS: z.coerce.number().int().positive().default(1_000),
  CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR'),
});
export type OrderConfig = z.infer<typeof orderConfigSchema>;
