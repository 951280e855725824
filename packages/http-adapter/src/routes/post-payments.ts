import { type CheckoutSession, paymentRequestSchema } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { openMembershipCheckout } from '../flows/membership-checkout.ts';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import { loadRegistration, settleRegistration } from '../flows/registration-view.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { eventRedirectDefaults, membershipRedirectDefaults, redirectUrls } from '../http/redirects.ts';
import { declareRoute } from './declare-route.ts';
import { errorResponses, GATEWAY_FAULTS, jsonResponse, paymentAnswerSchema } from './schemas.ts';

/** `POST /payments`, declared: a checkout for an event registration or a membership. */
export const postPaymentsRoute = declareRoute({
  method: 'post',
  path: '/payments',
  tags: ['Payments'],
  summary: 'Open a checkout',
  description:
    'A live Stripe Checkout for an event registration (`paymentType: "Event"`) or a membership (`Member`, ' +
    '`UserMember`, `OAuthMember`). Extra fields today’s frontend sends (`paymentName`, `paymentImages`, …) are ' +
    'accepted and ignored. `success_url` / `cancel_url` must point at an allowed origin; the defaults are ' +
    'today’s frontend pages. The `UserMember` password goes to the identity provider and nowhere else.',
  request: {
    body: {
      required: true,
      content: { 'application/json': { schema: paymentRequestSchema.meta({ id: 'PaymentRequest' }) } },
    },
  },
  responses: {
    200: jsonResponse(paymentAnswerSchema, 'A checkout to send the browser to'),
    ...errorResponses({
      400: ['invalid_json', 'invalid_body', 'redirect_not_allowed', 'identity_rejected'],
      404: ['event_not_found', 'registration_not_found', 'user_not_found'],
      409: [
        'already_registered',
        'already_paid',
        'already_member',
        'not_payable',
        'free_event',
        'event_full',
      ],
      413: ['payload_too_large'],
      ...GATEWAY_FAULTS,
    }),
  },
});

/** The answer of `POST /payments`: `expiresAt` is in epoch seconds, like Stripe's `expires_at`. */
function checkoutAnswer(c: Context<PaymentsEnv>, session: CheckoutSession) {
  if (c.var.config.paymentResponse === 'bare-string') return c.json(session.url, 200, JSON_HEADERS);
  return c.json(
    { url: session.url, sessionId: session.id, expiresAt: Math.floor(session.expiresAt / 1000) },
    200,
    JSON_HEADERS,
  );
}

/**
 * `POST /payments`: a live checkout for an event registration (`paymentType: "Event"`) or a
 * membership (`Member`, `UserMember`, `OAuthMember`). Redirect URLs must point at an allowed
 * origin; the defaults are today's frontend pages.
 */
export const postPayments: RouteHandler<typeof postPaymentsRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps, config } = context;
  const body = c.req.valid('json');
  if (body.paymentType !== 'Event') {
    const urls = redirectUrls(body, membershipRedirectDefaults(config), config);
    const session = await openMembershipCheckout(context, body, urls);
    context.setOutcome('checkout');
    return checkoutAnswer(c, session);
  }
  const key = { email: body.email, eventID: body.eventID, year: body.year };
  const urls = redirectUrls(body, eventRedirectDefaults(config, key.eventID, key.year), config);
  const event = await deps.events.getEvent(key.eventID, key.year);
  if (event === undefined)
    throw httpError('event_not_found', 404, `there is no event ${key.eventID} ${key.year}`);
  const found = await loadRegistration(deps, key, event);
  if (found === undefined) {
    throw httpError('registration_not_found', 404, 'register for the event before paying');
  }
  const loaded = await settleRegistration(context, key, found);
  const session = await openRegistrationCheckout(context, { key, event, registration: loaded, urls });
  context.setOutcome('checkout');
  return checkoutAnswer(c, session);
};
