import { PaymentsError } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { httpError } from '../../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, adminErrors } from './admin-kit.ts';
import { queueItemBody, queueItemSchema } from './queue-schemas.ts';

/** `GET /admin/queue`, declared. */
export const listQueueRoute = declareRoute({
  method: 'get',
  path: '/admin/queue',
  tags: ['Admin'],
  summary: 'List the operator queue',
  description:
    'Items by `status` (`open` unless given), oldest first, `limit` (default 50, at most 200) per page; pass ' +
    '`cursor` back for the next page.',
  security: ADMIN_SECURITY,
  request: {
    query: z.object({
      status: z.enum(['open', 'resolved']).optional(),
      cursor: z.string().max(2000).optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/)
        .transform(Number)
        .pipe(z.number().int().min(1).max(200))
        .optional(),
    }),
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          items: z.array(queueItemSchema),
          cursor: z.string().optional().meta({ description: 'absent on the last page' }),
        })
        .meta({ id: 'QueuePage' }),
      'A page of the queue',
    ),
    ...adminErrors({ 400: ['invalid_params'] }),
  },
});

/** Lists queue items of one status, a page at a time. */
export const listQueue: RouteHandler<typeof listQueueRoute, PaymentsEnv> = async (c) => {
  const { status, cursor, limit } = c.req.valid('query');
  let page: Awaited<ReturnType<typeof c.var.deps.operations.listQueue>>;
  try {
    page = await c.var.deps.operations.listQueue(status ?? 'open', {
      ...(cursor === undefined ? {} : { cursor }),
      limit: limit ?? 50,
    });
  } catch (error) {
    // With a cursor, anything but a passing fault is the cursor's: one the store never gave out.
    const passing = error instanceof PaymentsError && error.retryable;
    if (cursor !== undefined && !passing) {
      throw httpError('invalid_params', 400, 'the cursor is not one this API gave', {
        issues: [{ path: ['cursor'], message: 'not a cursor of this list' }],
      });
    }
    throw error;
  }
  return c.json(
    { items: page.items.map(queueItemBody), ...(page.cursor ? { cursor: page.cursor } : {}) },
    200,
    JSON_HEADERS,
  );
};
