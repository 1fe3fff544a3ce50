import { baseConfigSchema } from '@shop/platform';
import { z } from 'zod';

export const pspConfigSchema = baseConfigSchema.extend({
  /** How long `pm_card_slow` takes to answer: longer than the caller's timeout. */
  PSP_SLOW_MS: z.coerce.number().int().nonnegative().default(3_000),
  STATE_STORE: z.string().min(1).default('statestore'),
});
export type PspConfig = z.infer<typeof pspConfigSchema>;
