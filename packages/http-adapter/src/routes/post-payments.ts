import { type CheckoutSession, paymentRequestSchema } from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { openMembershipCheckout } from '../flows/membership-checkout.ts';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import { loadRegistration, settleRegistration } from '../flows/registration-view.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { paymentAnswerStyle } from '../http/prefer-representation.ts';
import { eventRedirectDefaults, membershipRedirectDefaults, redirectUrls } from '../http/redirects.ts';
import { assertActsFor } from '../http/token-guards.ts';
import { declareRoute } from './declare-route.ts';
import {
  errorResponses,
  GATEWAY_FAULTS,
  jsonResponse,
  OPTIONAL_TOKEN,
  paymentAnswerSchema,
  preferHeader,
} from './schemas.ts';

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
    'today’s frontend pages. The `UserMember` password goes to the identity provider and nowhere else. ' +
    'The answer is today’s shape, the checkout URL as a JSON string, unless the request sends ' +
    '`Prefer: return=representation` (RFC 7240): then `{ url, sessionId, expiresAt }`. A paid application ' +
    'still under review is not charged: the answer is the success URL with `isApplicationBased=true` ' +
    '(`{ url, applicationReceived: true }` as a representation) and nothing is opened or written. Open as ' +
    'today (no token needed); a Cognito ID token, when sent, must be the body’s email’s. At most ' +
    '`maxSessionsPerEmailPerHour` new sessions per email per hour (`429`).',
  security: OPTIONAL_TOKEN,
  request: {
    headers: preferHeader,
    body: {
      required: true,
      content: { 'application/json': { schema: paymentRequestSchema.meta({ id: 'PaymentRequest' }) } },
    },
  },
  responses: {
    200: jsonResponse(paymentAnswerSchema, 'A checkout to send the browser to'),
    ...errorResponses({
      400: ['invalid_json', 'invalid_body', 'redirect_not_allowed', 'identity_rejected'],
      401: ['invalid_token'],
      403: ['not_owner'],
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
      429: ['too_many_sessions'],
      ...GATEWAY_FAULTS,
      503: [...GATEWAY_FAULTS[503], 'identity_unavailable'],
    }),
  },
});

/** The answer of `POST /payments`: `expiresAt` is in epoch seconds, like Stripe's `expires_at`. */
function checkoutAnswer(c: Context<PaymentsEnv>, session: CheckoutSession) {
  const { style, headers } = paymentAnswerStyle(c);
  const all = { ...JSON_HEADERS, ...headers };
  if (style === 'bare-string') return c.json(session.url, 200, all);
  const expiresAt = Math.floor(session.expiresAt / 1000);
  return c.json({ url: session.url, sessionId: session.id, expiresAt }, 200, all);
}

/**
 * A paid application still under review is not charged (BRIEF §2, `regForPaidApp` always calls
 * `POST /payments` after registering): the answer sends the applicant to the frontend's
 * application-received page, the success URL with `isApplicationBased=true`, and nothing is
 * opened or written. They pay after acceptance, through `confirmAndPay`.
 */
function applicationReceivedAnswer(c: Context<PaymentsEnv>, successUrl: string) {
  const url = new URL(successUrl);
  url.searchParams.set('isApplicationBased', 'true');
  const { style, headers } = paymentAnswerStyle(c);
  const all = { ...JSON_HEADERS, ...headers };
  if (style === 'bare-string') return c.json(url.href, 200, all);
  return c.json({ url: url.href, applicationReceived: true as const }, 200, all);
}

/**
 * `POST /payments`: a live checkout for an event registration (`paymentType: "Event"`) or a
 * membership (`Member`, `UserMember`, `OAuthMember`). Redirect URLs must point at an allowed
 * origin; the defaults are today's frontend pages. Open, as today's frontend calls it without a
 * token; a token, when sent, must be the body's email's. New sessions per email are bounded.
 */
export const postPayments: RouteHandler<typeof postPaymentsRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps, config } = context;
  const body = c.req.valid('json');
  assertActsFor(c, body.email);
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
  if (found.snapshot.value === 'reviewing' && !found.unsettled) {
    context.setOutcome('application_received');
    return applicationReceivedAnswer(c, urls.successUrl);
  }
  const loaded = await settleRegistration(context, key, found);
  const session = await openRegistrationCheckout(context, { key, event, registration: loaded, urls });
  context.setOutcome('checkout');
  return checkoutAnswer(c, session);
};
