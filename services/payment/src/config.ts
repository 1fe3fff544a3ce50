import { baseConfigSchema, databaseConfigSchema } from '@shop/platform';
import { z } from 'zod';

export const paymentConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape).extend({
  /** The payment provider's Dapr app id; the Resiliency resource guards calls to it. */
  PSP_APP_ID: z.string().min(1).default('psp'),
});
export type PaymentConfig = z.infer<typeof paymentConfigSchema>;
