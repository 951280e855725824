import { type QueueItem, QueueItemResolvedError, type QueueResolution } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { PaymentsHttpError } from '../../errors.ts';
import { httpError } from '../../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { carryOutNow } from '../../operations/fast-path.ts';
import { declareRoute } from '../declare-route.ts';
import type { RouteContext } from '../route-context.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, adminNoteSchema } from './admin-kit.ts';
import { queueRefundOf } from './queue-refund.ts';
import { runRegistrationCommand } from './registration-command.ts';

const resolveBodySchema = z
  .object({
    action: z.enum(['refund', 'accept', 'dismiss']),
    note: adminNoteSchema.optional(),
  })
  // Dismissing leaves money or a fault as it is: the trail must say why.
  .refine((b) => b.action !== 'dismiss' || b.note !== undefined, {
    path: ['note'],
    message: 'a dismissal needs a note saying why',
  })
  .meta({ id: 'QueueResolution' });

/** `POST /admin/queue/{id}/resolve`, declared. */
export const resolveQueueItemRoute = declareRoute({
  method: 'post',
  path: '/admin/queue/{id}/resolve',
  tags: ['Admin'],
  summary: 'Resolve an operator queue item',
  description:
    '`refund`: the payment is refunded through the outbox, recorded in the same transaction as the ' +
    'resolution (`409 command_refused`, reason `nothing_to_refund`, when there is no paid money). ' +
    '`accept`: a `refund_needed` payment of a registration is honoured (the machine’s `HONOUR_PAYMENT`: ' +
    'the registration is fulfilled by it, overbooking the event if it must; `overbooked` says so); any ' +
    'other item, or a registration that already has its payment, is `409 command_refused`. `dismiss`: ' +
    'closed as it is; `note` is required. The resolution records the admin. A resolved item is ' +
    '`409 queue_item_resolved`.',
  security: ADMIN_SECURITY,
  request: {
    params: z.object({ id: z.string().min(1).max(600).meta({ example: 'refund_needed:cs_test_a1' }) }),
    body: { required: true, content: { 'application/json': { schema: resolveBodySchema } } },
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          status: z.literal('resolved'),
          overbooked: z
            .boolean()
            .optional()
            .meta({ description: 'with `accept`: the seat was taken past capacity' }),
        })
        .meta({ id: 'QueueResolved' }),
      'Resolved',
    ),
    ...adminErrors(
      {
        400: ['invalid_params', 'invalid_json', 'invalid_body'],
        404: ['queue_item_not_found'],
        409: ['queue_item_resolved', 'command_refused'],
        413: ['payload_too_large'],
      },
      { gateway: true },
    ),
  },
});

const refused = (reason: string, message: string) => httpError('command_refused', 409, message, { reason });

/** Honours a late payment of a registration with `HONOUR_PAYMENT`; true when it overbooked. */
async function honour(context: RouteContext, item: QueueItem, resolution: QueueResolution): Promise<boolean> {
  if (
    item.kind !== 'refund_needed' ||
    item.subject?.kind !== 'registration' ||
    item.sessionId === undefined
  ) {
    throw refused('not_honourable', 'only a registration’s refund_needed payment can be accepted');
  }
  const session = await context.deps.gateway.retrieveCheckout(item.sessionId);
  if (session?.payment.paymentStatus !== 'paid') {
    throw refused('not_paid', 'Stripe does not report this session as paid');
  }
  const { by, note } = resolution;
  try {
    const result = await runRegistrationCommand(
      context,
      item.subject.key,
      { type: 'HONOUR_PAYMENT', payment: session.payment },
      { actor: { ...by, ...(note === undefined ? {} : { note }) } },
    );
    return result.snapshot.context.overbooked === true;
  } catch (error) {
    // Honoured by an earlier attempt that died before closing the item: close it now.
    if (error instanceof PaymentsHttpError && error.details.reason === 'already_processed') {
      const stored = await context.deps.registrations.loadRegistration(item.subject.key);
      return stored?.kind === 'snapshot' && stored.snapshot.context.overbooked === true;
    }
    throw error;
  }
}

/**
 * Resolves an open queue item as the admin says (CONTRACT §5). A refund is recorded with the
 * resolution in one transaction and carried out at once (the drainer retries it); an accepted
 * payment is honoured through the registration machine before the item is closed, so a failure
 * leaves it open, and a retry is the machine's duplicate.
 */
export const resolveQueueItem: RouteHandler<typeof resolveQueueItemRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps, logger, requestId } = context;
  const { id } = c.req.valid('param');
  const { action, note } = c.req.valid('json');
  const item = await deps.operations.getQueueItem(id);
  if (item === undefined) throw httpError('queue_item_not_found', 404, 'there is no such queue item');
  if (item.status !== 'open')
    throw httpError('queue_item_resolved', 409, 'this queue item is resolved already');
  const { email, sub } = actorOf(c);
  const resolution: QueueResolution = {
    action,
    ...(note === undefined ? {} : { note }),
    by: { email, sub },
    at: deps.clock.now(),
  };
  const refund = action === 'refund' ? await queueRefundOf(deps, item, resolution.at) : undefined;
  if (action === 'refund' && refund === undefined) {
    throw refused('nothing_to_refund', 'there is no paid money to refund for this item');
  }
  const overbooked = action === 'accept' ? await honour(context, item, resolution) : undefined;
  try {
    await deps.operations.resolveQueueItem(id, resolution, refund ? [refund] : undefined);
  } catch (error) {
    if (error instanceof QueueItemResolvedError) {
      throw httpError('queue_item_resolved', 409, 'this queue item is resolved already');
    }
    throw error;
  }
  if (refund) await carryOutNow(deps, logger, requestId, [refund]);
  context.setOutcome(`resolved_${action}`);
  return c.json(
    { status: 'resolved' as const, ...(overbooked === undefined ? {} : { overbooked }) },
    200,
    JSON_HEADERS,
  );
};
