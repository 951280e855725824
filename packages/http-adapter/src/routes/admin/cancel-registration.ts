import {
  FAST_PATH_GRACE_MS,
  type OutboxItem,
  type RegistrationKey,
  type RegistrationStore,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../../http/payments-env.ts';
import { declareRoute } from '../declare-route.ts';
import { jsonResponse } from '../schemas.ts';
import { ADMIN_SECURITY, actorOf, adminErrors, registrationKeyParams } from './admin-kit.ts';
import { runRegistrationCommand } from './registration-command.ts';

/** `POST /admin/registrations/{email}/{eventID}/{year}/cancel`, declared. */
export const cancelRegistrationRoute = declareRoute({
  method: 'post',
  path: '/admin/registrations/{email}/{eventID}/{year}/cancel',
  tags: ['Admin'],
  summary: 'Cancel a registration, refunding it when asked',
  description:
    'The machine’s `CANCEL`: the seat is released (and offered to the waitlist), a live checkout expired. ' +
    'With `refund: true`, what is left of the recorded payment is refunded through the outbox, in the ' +
    'same commit as the cancellation (`refund` in the answer; `null` when there is nothing to refund). ' +
    'A cancelled or checked-in registration is `409 command_refused`. An empty body is `{}`.',
  security: ADMIN_SECURITY,
  request: {
    params: registrationKeyParams,
    body: {
      required: false,
      content: {
        'application/json': {
          schema: z.object({ refund: z.boolean().optional() }).meta({ id: 'AdminCancel' }),
        },
      },
    },
  },
  responses: {
    200: jsonResponse(
      z
        .object({
          registrationStatus: z.literal('cancelled'),
          refund: z
            .object({
              amount: z.number().int().meta({ description: 'cents' }),
              currency: z.string(),
              sessionId: z.string(),
            })
            .nullable(),
        })
        .meta({ id: 'AdminCancelled' }),
      'Cancelled',
    ),
    ...adminErrors(
      {
        400: ['invalid_params', 'invalid_json', 'invalid_body'],
        404: ['registration_not_found'],
        409: ['command_refused'],
        413: ['payload_too_large'],
      },
      { gateway: true },
    ),
  },
});

/**
 * The outbox refund of what is left of a registration's recorded payment, or undefined when there
 * is none (no payment of ours, nothing left, no payment intent to refund). Its id is the one an
 * automatic refund of the same session would have (`refund:<sessionId>`), so the session is never
 * refunded twice through the outbox.
 */
async function refundOf(
  registrations: RegistrationStore,
  key: RegistrationKey,
  now: number,
): Promise<{ item: OutboxItem; amount: number; currency: string; sessionId: string } | undefined> {
  const stored = await registrations.loadRegistration(key);
  if (stored?.kind !== 'snapshot') return undefined;
  const { payment, refund } = stored.snapshot.context;
  if (payment === null || payment.paymentIntent === null) return undefined;
  const amount = payment.amountTotal - (refund?.amountRefunded ?? 0);
  if (amount <= 0) return undefined;
  const item: OutboxItem = {
    id: `refund:${payment.sessionId}`,
    action: {
      type: 'payment.refund',
      paymentIntent: payment.paymentIntent,
      amount,
      sessionId: payment.sessionId,
      reason: 'admin_cancel',
    },
    subject: { kind: 'registration', key },
    createdAt: now,
    dueAt: now + FAST_PATH_GRACE_MS,
    attempts: 0,
  };
  return { item, amount, currency: payment.currency, sessionId: payment.sessionId };
}

/**
 * Cancels with the machine's `CANCEL`, audited with the admin; with `refund: true` the refund is an
 * outbox item of the same commit, carried out at once and retried by the drainer until Stripe takes
 * it (Stripe's `charge.refunded` then records it on the registration).
 */
export const cancelRegistration: RouteHandler<typeof cancelRegistrationRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const key = c.req.valid('param');
  const { refund: wanted } = c.req.valid('json');
  const refund = wanted
    ? await refundOf(context.deps.registrations, key, context.deps.clock.now())
    : undefined;
  await runRegistrationCommand(
    context,
    key,
    { type: 'CANCEL' },
    { actor: actorOf(c), ...(refund ? { also: { outbox: [refund.item] } } : {}) },
  );
  const answer = refund
    ? { amount: refund.amount, currency: refund.currency, sessionId: refund.sessionId }
    : null;
  return c.json({ registrationStatus: 'cancelled' as const, refund: answer }, 200, JSON_HEADERS);
};
