import { z } from 'zod';

/** Thrown at start when the environment does not satisfy a service's config schema. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses the environment with a zod schema. A bad configuration fails at start, naming
 * every offending variable, instead of surfacing later as an odd runtime error.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

const port = z.coerce.number().int().min(0).max(65535);

/** Settings every app shares: where it listens and how it reaches its Dapr sidecar. */
export const baseConfigSchema = z.object({
  APP_ID: z.string().min(1),
  APP_PORT: port,
  APP_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DAPR_HTTP_PORT: port.default(3500),
  DAPR_HOST: z.string().default('127.0.0.1'),
  /** Sent to the sidecar on every call; daprd refuses calls without it. */
  DAPR_API_TOKEN: z.string().min(16),
  /** The sidecar presents it on every call into the app; the app refuses calls without it. */
  APP_API_TOKEN: z.string().min(16),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export const databaseConfigSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_MAX: z.coerce.number().int().positive().default(10),
});

export type BaseConfig = z.infer<typeof baseConfigSchema>;
export type DatabaseConfig = z.infer<typeof databaseConfigSchema>;
