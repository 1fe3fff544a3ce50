import {
  deadLetter,
  deadLetterList,
  deadLetterQuery,
  notificationList,
  orderAccepted,
  orderTimeline,
  orderView,
  placeOrderRequest,
  problem,
  product,
  productList,
  stockUpdate,
} from '@shop/contracts';
import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { idempotencyKeyHeader } from '../routes/orders-routes';

export const API_BASE = '/api/v1';

const why: Record<number, string> = {
  400: 'The request is not valid (`validation-error`, `idempotency-key-missing`)',
  401: 'No valid bearer token (`unauthorized`, `invalid-token`)',
  403: 'The token lacks the role, or a customer acts for someone else (`forbidden`)',
  404: 'Not found, or not yours (`not-found`)',
  409: 'Conflicts with the current state',
  413: 'The body is too large (`payload-too-large`)',
  415: 'The body is not JSON (`unsupported-media-type`)',
  422: 'Understood but refused',
  429: 'Too many requests from this client (`rate-limited`); see Retry-After',
  500: 'An unexpected error (`internal`)',
  502: 'A service answered unexpectedly (`bad-gateway`)',
  503: 'A service is unavailable or its circuit is open (`upstream-unavailable`, `upstream-circuit-open`); see Retry-After',
  504: 'A service did not answer in time (`upstream-timeout`)',
};

const retryAfter = z.string().regex(/^\d+$/).meta({ description: 'Seconds to wait before retrying' });

function problems(codes: number[], detail: Partial<Record<number, string>> = {}): ZodOpenApiResponsesObject {
  return Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: detail[code] ?? why[code] ?? 'Error',
        ...(code === 429 || code === 503 ? { headers: z.object({ 'retry-after': retryAfter.optional() }) } : {}),
        content: { 'application/problem+json': { schema: problem } },
      },
    ]),
  );
}

/** Every authenticated operation may meet these. */
const always = [401, 429, 500, 502, 503, 504];

const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const orderId = z.object({ id: z.uuid().meta({ description: 'The order id' }) });
const sku = z.object({ sku: z.string().min(1).max(64).meta({ example: 'SKU-MUG' }) });

export interface Operation {
  method: 'get' | 'post' | 'put';
  path: string;
  spec: ZodOpenApiOperationObject;
}

export const operations: Operation[] = [
  {
    method: 'post',
    path: '/orders',
    spec: {
      operationId: 'placeOrder',
      summary: 'Place an order',
      description:
        'Starts the order saga. `Idempotency-Key` is required: the same key with the same body returns the same order (header `Idempotent-Replayed: true`), the same key with another body is refused with 422. Keys expire after a day. A customer places orders only for themself.',
      tags: ['orders'],
      requestParams: {
        header: z.object({
          'idempotency-key': idempotencyKeyHeader.meta({ example: '3f1c9b1e-6f0e-4a57-9d0a-1b2c3d4e5f60' }),
        }),
      },
      requestBody: { required: true, content: { 'application/json': { schema: placeOrderRequest } } },
      responses: {
        '202': {
          ...json(orderAccepted, 'Accepted: the saga runs; poll the order or its timeline'),
          headers: z.object({
            location: z.string().meta({ description: 'The order' }),
            'idempotent-replayed': z.literal('true').optional(),
          }),
        },
        ...problems([400, 403, 409, 413, 415, 422, ...always], {
          409: 'The order id reserved for this key belongs to another request (`order-id-conflict`), or the key is being claimed (`idempotency-key-busy`)',
          422: 'A product does not exist (`unknown-sku`), or the Idempotency-Key was used with another body (`idempotency-key-reused`)',
        }),
      },
    },
  },
  {
    method: 'get',
    path: '/orders/{id}',
    spec: {
      operationId: 'getOrder',
      summary: 'An order and its status',
      tags: ['orders'],
      requestParams: { path: orderId },
      responses: { '200': json(orderView, 'The order'), ...problems([404, ...always]) },
    },
  },
  {
    method: 'get',
    path: '/orders/{id}/timeline',
    spec: {
      operationId: 'getOrderTimeline',
      summary: "The order's events in the order they happened, each with its trace id",
      tags: ['orders'],
      requestParams: { path: orderId },
      responses: { '200': json(orderTimeline, 'The timeline'), ...problems([404, ...always]) },
    },
  },
  {
    method: 'post',
    path: '/orders/{id}/cancel',
    spec: {
      operationId: 'cancelOrder',
      summary: 'Cancel a pending or confirmed order',
      description: 'Compensations follow (stock released, payment refunded). Cancelling again answers the same.',
      tags: ['orders'],
      requestParams: { path: orderId },
      responses: {
        '202': json(orderAccepted, 'Cancelled; compensations follow'),
        ...problems([404, 409, ...always], { 409: 'The saga cancelled the order already (`order-not-cancellable`)' }),
      },
    },
  },
  {
    method: 'get',
    path: '/products',
    spec: {
      operationId: 'listProducts',
      summary: 'The catalogue with prices and available stock',
      tags: ['catalogue'],
      responses: { '200': json(productList, 'The products'), ...problems(always) },
    },
  },
  {
    method: 'get',
    path: '/products/{sku}',
    spec: {
      operationId: 'getProduct',
      summary: 'One product',
      tags: ['catalogue'],
      requestParams: { path: sku },
      responses: { '200': json(product, 'The product'), ...problems([404, ...always]) },
    },
  },
  {
    method: 'get',
    path: '/notifications',
    spec: {
      operationId: 'listNotifications',
      summary: 'The notifications sent for an order',
      tags: ['orders'],
      requestParams: { query: z.object({ orderId: z.uuid() }) },
      responses: { '200': json(notificationList, 'The notifications'), ...problems([400, 404, ...always]) },
    },
  },
  {
    method: 'get',
    path: '/admin/dead-letters',
    spec: {
      operationId: 'listDeadLetters',
      summary: 'Dead-lettered messages (admin)',
      tags: ['admin'],
      requestParams: { query: deadLetterQuery },
      responses: { '200': json(deadLetterList, 'The dead letters, newest first'), ...problems([400, 403, ...always]) },
    },
  },
  {
    method: 'post',
    path: '/admin/dead-letters/{id}/redrive',
    spec: {
      operationId: 'redriveDeadLetter',
      summary: 'Deliver a dead letter to its consumer again (admin)',
      tags: ['admin'],
      requestParams: { path: z.object({ id: z.uuid() }) },
      responses: {
        '200': json(deadLetter, 'Redriven: the consumer accepted it'),
        ...problems([403, 404, 409, 422, ...always], {
          409: 'Already redriven (`already-redriven`)',
          422: 'The consumer rejected it again (`redrive-rejected`)',
        }),
      },
    },
  },
  {
    method: 'put',
    path: '/admin/products/{sku}/stock',
    spec: {
      operationId: 'setStock',
      summary: 'Set the stock on the shelf (admin)',
      tags: ['admin'],
      requestParams: { path: sku },
      requestBody: { required: true, content: { 'application/json': { schema: stockUpdate } } },
      responses: { '200': json(product, 'The product'), ...problems([400, 403, 404, 413, 415, ...always]) },
    },
  },
];

/** The OpenAPI 3.1 document, generated from the same zod schemas the gateway validates with. */
export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  const paths: Record<string, Record<string, ZodOpenApiOperationObject>> = {};
  for (const op of operations) (paths[op.path] ??= {})[op.method] = op.spec;
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Order saga platform: public API',
      version,
      description:
        'The gateway of the order saga platform. Send `Authorization: Bearer <JWT>`; roles `customer` and `admin`. Errors are RFC 9457 problem documents with a stable `type`. Every client is rate limited (RateLimit-* headers).',
    },
    servers: [{ url: API_BASE }],
    security: [{ bearerAuth: [] }],
    components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    tags: [
      { name: 'orders', description: 'Place, follow and cancel orders' },
      { name: 'catalogue', description: 'Products and stock' },
      { name: 'admin', description: 'Operations (role admin)' },
    ],
    paths,
  });
}
