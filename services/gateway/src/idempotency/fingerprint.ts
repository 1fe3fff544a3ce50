import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so the same body always serialises the same way. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** What "the same body" means for Idempotency-Key: the same JSON, whatever the key order. */
export const fingerprint = (body: unknown): string => createHash('sha256').update(canonical(body)).digest('hex');

/** The store key: per caller, so two customers' keys never meet, and of a fixed, safe shape. */
export const idempotencyKeyFor = (sub: string, key: string): string =>
  `idempotency-${createHash('sha256').update(`${sub}\u0000${key}`).digest('hex')}`;
