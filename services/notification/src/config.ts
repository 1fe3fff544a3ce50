import { baseConfigSchema } from '@shop/platform';
import { z } from 'zod';

export const notificationConfigSchema = baseConfigSchema.extend({
  STATE_STORE: z.string().min(1).default('statestore'),
});
export type NotificationConfig = z.infer<typeof notificationConfigSchema>;
