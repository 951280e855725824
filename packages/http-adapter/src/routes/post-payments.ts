import { type CheckoutSession, paymentRequestSchema } from '@biztech/payments-core';
import { openMembershipCheckout } from '../flows/membership-checkout.ts';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import { loadRegistration, settleRegistration } from '../flows/registration-view.ts';
import { httpError, json } from '../http/json-response.ts';
import { readJson, validate } from '../http/read-body.ts';
import { eventRedirectDefaults, membershipRedirectDefaults, redirectUrls } from '../http/redirects.ts';
import type { Route } from '../http/router.ts';
import type { RouteContext } from './route-context.ts';

/** The answer of `POST /payments`: `expiresAt` is in epoch seconds, like Stripe's `expires_at`. */
function checkoutResponse(context: RouteContext, session: CheckoutSession): Response {
  if (context.config.paymentResponse === 'bare-string') return json(200, session.url);
  return json(200, {
    url: session.url,
    sessionId: session.id,
    expiresAt: Math.floor(session.expiresAt / 1000),
  });
}

/**
 * `POST /payments`: a live checkout for an event registration (`paymentType: "Event"`) or a
 * membership (`Member`, `UserMember`, `OAuthMember`). Redirect URLs must point at an allowed
 * origin; the defaults are today's frontend pages.
 */
export const postPaymentsRoute: Route = {
  method: 'POST',
  pattern: '/payments',
  async handle(context) {
    const { deps, config } = context;
    const body = validate(paymentRequestSchema, await readJson(context.request, config.maxBodyBytes));
    if (body.paymentType !== 'Event') {
      const urls = redirectUrls(body, membershipRedirectDefaults(config), config);
      const session = await openMembershipCheckout(context, body, urls);
      context.setOutcome('checkout');
      return checkoutResponse(context, session);
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
    const session = await openRegistrationCheckout(context, { key, event, snapshot: loaded.snapshot, urls });
    context.setOutcome('checkout');
    return checkoutResponse(context, session);
  },
};
