import { createHash } from 'node:crypto';

/** What can be read from a dead-lettered message, which may not even be JSON. */
export interface DeadLetterFacts {
  payload: Buffer;
  fingerprint: string;
  eventId?: string;
  eventType?: string;
  orderId?: string;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);

/**
 * Reads the original message out of a dead-letter delivery. The dead-letter subscriptions use
 * Dapr's raw payload mode, so the message arrives byte for byte in `data_base64`, whatever it
 * is: a CloudEvent with bad data, or bytes that never parsed.
 */
export function readDeadLetter(delivery: unknown): DeadLetterFacts {
  const body = (typeof delivery === 'object' && delivery !== null ? delivery : {}) as Record<string, unknown>;
  const payload =
    typeof body.data_base64 === 'string'
      ? Buffer.from(body.data_base64, 'base64')
      : Buffer.from(JSON.stringify(delivery ?? null));
  const facts: DeadLetterFacts = { payload, fingerprint: createHash('sha256').update(payload).digest('hex') };
  try {
    const event = JSON.parse(payload.toString('utf8')) as Record<string, unknown>;
    const data = (typeof event.data === 'object' && event.data !== null ? event.data : {}) as Record<string, unknown>;
    const eventId = str(event.id);
    const eventType = str(event.type);
    const orderId = str(data.orderId) ?? str(event.subject);
    return {
      ...facts,
      ...(eventId ? { eventId } : {}),
      ...(eventType ? { eventType } : {}),
      ...(orderId ? { orderId } : {}),
    };
  } catch {
    return facts;
  }
}

/** The payload for an operator: parsed when it is JSON, else base64. */
export function describePayload(payload: Buffer): { payload: unknown } | { payloadBase64: string } {
  try {
    return { payload: JSON.parse(payload.toString('utf8')) as unknown };
  } catch {
    return { payloadBase64: payload.toString('base64') };
  }
}
