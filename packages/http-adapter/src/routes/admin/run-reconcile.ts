import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { reconcilePass } from '../../operations/reconcile.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, adminErrors } from './admin-kit.ts';

/** Stripe keeps events for 30 days: a replay cannot reach further back. */
const MAX_SINCE_SECONDS = 30 * 24 * 60 * 60;

/** `POST /admin/reconcile`, declared. */
export const reconcileRoute = declareRoute({
  method: 'post',
  path: '/admin/reconcile',
  tags: ['Admin'],
  summary: 'Run one reconciliation pass',
  description:
    'One pass of the reconciler (as the schedule runs it): Stripe’s event list replayed through the webhook’s ' +
    'code from the checkpoint (or the last `sinceSeconds`, at most 30 days), lapsed holds and offers settled, ' +
    'seats recounted, the outbox swept. An empty body is `{}`. The first five counts are the contract’s.',
  security: ADMIN_SECURITY,
  request: {
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z
            .object({ sinceSeconds: z.number().int().min(1).max(MAX_SINCE_SECONDS).optional() })
            .meta({ id: 'ReconcileRequest' }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          examined: z.number().int(),
          applied: z.number().int(),
          duplicate: z.number().int(),
          ignored: z.number().int(),
          queued: z.number().int(),
          released: z.number().int().meta({ description: 'holds of lapsed checkouts settled' }),
          lapsedOffers: z.number().int().meta({ description: 'waitlist offers passed on' }),
          repaired: z.number().int().meta({ description: 'seat counters set right' }),
          closed: z
            .number()
            .int()
            .meta({ description: 'queue items closed because a registration already holds their payment' }),
          failed: z
            .number()
            .int()
            .meta({ description: 'events that failed to apply; the next pass retries them' }),
        })
        .meta({ id: 'ReconcileReport' }),
      'The pass’s report',
    ),
    ...adminErrors({ 400: ['invalid_json', 'invalid_body'], 413: ['payload_too_large'] }, { gateway: true }),
  },
});

/** Runs one reconciliation pass on the handler's ports and answers its counts. */
export const runReconcile: RouteHandler<typeof reconcileRoute, PaymentsEnv> = async (c) => {
  const { sinceSeconds } = c.req.valid('json');
  const report = await reconcilePass(routeContextOf(c), sinceSeconds === undefined ? {} : { sinceSeconds });
  c.set('outcome', 'reconciled');
  return c.json(
    {
      examined: report.examined,
      applied: report.applied,
      duplicate: report.duplicate,
      ignored: report.ignored,
      queued: report.queued,
      released: report.released,
      lapsedOffers: report.lapsedOffers,
      repaired: report.repaired.length,
      closed: report.closed,
      failed: report.failed,
    },
    200,
    JSON_HEADERS,
  );
};
