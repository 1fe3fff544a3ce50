/**
 * The public API's bodies (DESIGN.md, "Public API"): one zod schema each, used by the
 * gateway to validate what comes in and what the services answer, by the services for the
 * same bodies, and by the OpenAPI document, so the three cannot drift apart. `meta({ id })`
 * names the schema as an OpenAPI component.
 */
import { z } from 'zod';
import { cancelReasons } from './events';

export const orderStatuses = ['PENDING', 'CONFIRMED', 'CANCELLED'] as const;

/** Free text that every store accepts: no control characters (PostgreSQL refuses NUL). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const text = z.string().regex(/^[^\x00-\x1F\x7F]*$/, 'must not contain control characters');
/** Names and codes: letters, digits and a few separators. */
const code = z.string().regex(/^[A-Za-z0-9._:-]*$/, 'letters, digits, and . _ : - only');

const sku = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/)
  .meta({ description: 'Product code', example: 'SKU-MUG' });
const isoTime = z.iso.datetime({ offset: true }).meta({ example: '2026-11-22T10:15:30.000Z' });
const money = z.number().int().min(0).meta({ description: 'Amount in minor units (cents)', example: 1990 });

export const placeOrderRequest = z
  .object({
    customerId: text.min(1).max(128).meta({ example: 'c-1001' }),
    items: z
      .array(z.object({ sku, quantity: z.number().int().min(1).max(1000) }).strict())
      .min(1)
      .max(50),
    paymentMethod: code.min(1).max(64).meta({ example: 'pm_card_ok' }),
  })
  .strict()
  .meta({ id: 'PlaceOrderRequest' });
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export const orderAccepted = z
  .object({ orderId: z.uuid(), status: z.enum(orderStatuses) })
  .meta({ id: 'OrderAccepted' });
export type OrderAccepted = z.infer<typeof orderAccepted>;

export const orderView = z
  .object({
    orderId: z.uuid(),
    customerId: z.string(),
    status: z.enum(orderStatuses),
    reason: z
      .string()
      .optional()
      .meta({
        description: `Why the order was cancelled: ${Object.values(cancelReasons).join(', ')}`,
      }),
    items: z.array(z.object({ sku: z.string(), quantity: z.number().int(), unitPrice: money })),
    total: money,
    currency: z.string().length(3),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof orderView>;

export const orderTimeline = z
  .object({
    orderId: z.uuid(),
    events: z.array(
      z.object({
        eventId: z.string(),
        type: z.string().meta({ example: 'shop.order.created.v1' }),
        time: isoTime,
        traceId: z
          .string()
          .regex(/^[0-9a-f]{32}$/)
          .optional(),
      }),
    ),
  })
  .meta({ id: 'OrderTimeline' });

export const product = z
  .object({
    sku: z.string(),
    name: z.string(),
    price: money,
    currency: z.string().length(3),
    available: z.number().int().min(0),
  })
  .meta({ id: 'Product' });
export const productList = z.object({ items: z.array(product) }).meta({ id: 'ProductList' });

export const stockUpdate = z
  .object({ available: z.number().int().min(0).max(1_000_000_000) })
  .strict()
  .meta({ id: 'StockUpdate' });

export const notificationList = z
  .object({
    orderId: z.uuid(),
    items: z.array(
      z.object({
        notificationId: z.string(),
        orderId: z.uuid(),
        customerId: z.string(),
        outcome: z.enum(['confirmed', 'cancelled']),
        reason: z.string().optional(),
        channel: z.string(),
        message: z.string(),
        eventId: z.string(),
        sentAt: isoTime,
        duplicatesSkipped: z.number().int().min(0),
      }),
    ),
  })
  .meta({ id: 'NotificationList' });

export const deadLetterStatuses = ['DEAD', 'REDRIVEN'] as const;

export const deadLetterQuery = z
  .object({
    id: z.uuid().optional(),
    status: z.enum(deadLetterStatuses).optional(),
    consumer: code.max(64).optional(),
    topic: code.max(128).optional(),
    orderId: code.max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const deadLetter = z
  .object({
    id: z.uuid(),
    consumer: z.string(),
    topic: z.string(),
    eventId: z.string().nullable(),
    eventType: z.string().nullable(),
    orderId: z.string().nullable(),
    receivedAt: isoTime,
    status: z.enum(deadLetterStatuses),
    redriveAttempts: z.number().int().min(0),
    lastRedriveAt: isoTime.nullable(),
    lastRedriveOutcome: z.string().nullable(),
    payload: z.unknown().optional().meta({ description: 'The message as received, when it is JSON' }),
    payloadBase64: z.string().optional().meta({ description: 'The message as received, when it is not JSON' }),
  })
  .meta({ id: 'DeadLetter' });
export const deadLetterList = z.object({ items: z.array(deadLetter) }).meta({ id: 'DeadLetterList' });

/** RFC 9457 problem details; `type` is stable, `detail` is for people. */
export const problem = z
  .looseObject({
    type: z.url().meta({ example: 'https://shop.example/problems/validation-error' }),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
  })
  .meta({ id: 'Problem' });
export type ProblemBody = z.infer<typeof problem>;
