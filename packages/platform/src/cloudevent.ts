import { z } from 'zod';

/**
 * The CloudEvents 1.0 envelope as Dapr delivers it. Dapr adds its own attributes
 * (topic, pubsubname, traceid, ...); we keep them but only rely on the spec's.
 */
export const cloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1),
    source: z.string().min(1),
    type: z.string().min(1),
    time: z.string().optional(),
    subject: z.string().optional(),
    datacontenttype: z.string().optional(),
    traceparent: z.string().optional(),
    tracestate: z.string().optional(),
    data: z.unknown(),
  })
  .loose();

export interface CloudEvent<T = unknown> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  datacontenttype?: string;
  traceparent?: string;
  tracestate?: string;
  data: T;
  [attribute: string]: unknown;
}

export interface NewEvent<T> {
  id: string;
  source: string;
  type: string;
  subject: string;
  data: T;
  time?: Date;
  traceparent?: string;
  tracestate?: string;
}

export function buildCloudEvent<T>(e: NewEvent<T>): CloudEvent<T> {
  return {
    specversion: '1.0',
    id: e.id,
    source: e.source,
    type: e.type,
    subject: e.subject,
    time: (e.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    // daprd keeps an event's own trace context only when `traceid` is set too; otherwise it
    // stamps the context of the publishing call (the relay's), and the order's trace breaks.
    ...(e.traceparent ? { traceparent: e.traceparent, traceid: e.traceparent } : {}),
    ...(e.tracestate ? { tracestate: e.tracestate } : {}),
    data: e.data,
  };
}

/**
 * The W3C trace id an event belongs to: from its `traceparent` (version-traceid-spanid-flags),
 * or Dapr's `traceid` attribute, which holds a traceparent too.
 */
export function traceIdOf(event: { traceparent?: unknown; traceid?: unknown }): string | undefined {
  for (const candidate of [event.traceparent, event.traceid]) {
    if (typeof candidate !== 'string') continue;
    const match = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(candidate.trim());
    if (match?.[1] && !/^0+$/.test(match[1])) return match[1];
  }
  return undefined;
}
