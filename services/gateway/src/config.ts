import { baseConfigSchema } from '@shop/platform';
import { z } from 'zod';

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  );

export const gatewayConfigSchema = baseConfigSchema
  .extend({
    /** Where the signing keys are: a JWKS URL in a cluster (the identity provider's), or a file locally. */
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    JWT_JWKS_FILE: z.string().min(1).optional(),
    JWT_ISSUER: z.string().min(1),
    JWT_AUDIENCE: z.string().min(1),
    /** The claim that carries the role (`customer` or `admin`); a string or an array of strings. */
    JWT_ROLE_CLAIM: z.string().min(1).default('role'),
    JWT_ALGORITHMS: list
      .pipe(z.array(z.enum(['ES256', 'ES384', 'RS256', 'PS256', 'EdDSA'])).min(1))
      .default(['ES256', 'RS256', 'EdDSA']),
    STATE_STORE: z.string().min(1).default('statestore'),
    IDEMPOTENCY_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
    /** The Redis every gateway replica shares for rate limiting (redis://[:password@]host:port). */
    RATE_LIMIT_REDIS_URL: z.url({ protocol: /^rediss?$/ }),
    RATE_LIMIT_POINTS: z.coerce.number().int().positive().default(300),
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(60),
    /** Origins allowed by CORS; none by default (same-origin only). */
    CORS_ORIGINS: list,
    BODY_LIMIT: z.string().default('16kb'),
    /** Express' `trust proxy` (for example `1` behind one ingress), so the client's address is right. */
    TRUST_PROXY: z.string().default('false'),
    /** A ceiling on one call to a service; the Resiliency resource's timeouts decide first. */
    UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  })
  .refine((c) => Boolean(c.JWT_JWKS_URL) !== Boolean(c.JWT_JWKS_FILE), {
    message: 'set exactly one of JWT_JWKS_URL and JWT_JWKS_FILE',
    path: ['JWT_JWKS_URL'],
  });

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
