import { baseConfigSchema, databaseConfigSchema } from '@shop/platform';
import type { z } from 'zod';

export const inventoryConfigSchema = baseConfigSchema.extend(databaseConfigSchema.shape);
export type InventoryConfig = z.infer<typeof inventoryConfigSchema>;
