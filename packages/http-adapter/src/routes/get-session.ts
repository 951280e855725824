import { isSettled, parseCheckoutMetadata } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { applyToReference } from '../flows/apply-to-reference.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, GATEWAY_FAULTS, jsonResponse, sessionViewSchema } from './schemas.ts';

const SESSION_ID = /^cs_[A-Za-z0-9_]{1,250}$/;

/** `GET /payments/sessions/{sessionId}`, declared. */
export const getSessionRoute = declareRoute({
  method: 'get',
  path: '/payments/sessions/{sessionId}',
  tags: ['Payments'],
  summary: 'Read (and fulfil) a checkout session',
  description:
    'The success page calls this. A paid session of ours is fulfilled here if the webhook has not done it ' +
    'yet; whichever comes first wins, the other is a duplicate. A malformed id, an unknown session and a ' +
    'session this API did not create are all `404`.',
  request: {
    // Not checked by the schema: a malformed id is a 404 like an unknown one, not a 400.
    params: z.object({
      sessionId: z.string().meta({ example: 'cs_test_a1', description: 'a Checkout Session id (`cs_…`)' }),
    }),
  },
  responses: {
    200: jsonResponse(sessionViewSchema, 'The session, and whether its record is fulfilled'),
    ...errorResponses({ 400: ['invalid_params'], 404: ['not_found'], ...GATEWAY_FAULTS }),
  },
});

/**
 * `GET /payments/sessions/{sessionId}`: the success page polls this. A paid session of ours is
 * fulfilled here if the webhook has not done it yet; core's `paid:<sessionId>` key and the store's
 * conditional write make the race with the webhook a single fulfilment. A session this API did not
 * create (no metadata of ours) answers `404`, like an unknown one.
 */
export const getSession: RouteHandler<typeof getSessionRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { sessionId } = c.req.valid('param');
  if (!SESSION_ID.test(sessionId)) throw httpError('not_found', 404, 'there is no such checkout session');
  const session = await context.deps.gateway.retrieveCheckout(sessionId);
  if (session === undefined) throw httpError('not_found', 404, 'there is no such checkout session');
  const reference = parseCheckoutMetadata(session.metadata, context.config.membershipYear);
  // A session without our metadata was opened by someone else on the same Stripe account: to this
  // API it does not exist, and saying anything about it would leak another system's payments.
  if (reference === undefined) throw httpError('not_found', 404, 'there is no such checkout session');
  let fulfilled = false;
  if (isSettled(session.payment)) {
    const result = await applyToReference(context, reference, {
      type: 'PAYMENT_SUCCEEDED',
      payment: session.payment,
    });
    context.setOutcome(result.outcome);
    fulfilled = result.paidBy === session.id;
  }
  return c.json(
    {
      sessionId: session.id,
      status: session.status,
      paymentStatus: session.payment.paymentStatus,
      fulfilled,
    },
    200,
    JSON_HEADERS,
  );
};
