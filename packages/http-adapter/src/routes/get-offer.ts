import {
  type EventRegistration,
  emailSchema,
  eventIdSchema,
  eventYearSchema,
  hasPlace,
  isLive,
} from '@biztech/payments-core';
import type { RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { openRegistrationCheckout } from '../flows/registration-checkout.ts';
import { notPayableError } from '../flows/registration-refusal.ts';
import { loadRegistration, settleRegistration } from '../flows/registration-view.ts';
import { lapseExpiredOffers } from '../flows/waitlist-offers.ts';
import { httpError } from '../http/json-response.ts';
import { type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { eventRedirectDefaults } from '../http/redirects.ts';
import { declareRoute } from './declare-route.ts';
import { OFFER_LINK_PATH } from './offer-link.ts';
import { errorResponses, GATEWAY_FAULTS } from './schemas.ts';

/** `GET /registrations/{email}/{eventID}/{year}/offer?offer=<offerId>`, declared. */
export const getOfferRoute = declareRoute({
  method: 'get',
  path: OFFER_LINK_PATH,
  tags: ['Registrations'],
  summary: 'Take up a seat offered from the waitlist',
  description:
    'The link of the seat-offered email (`offerLink`). For the registration’s open offer it opens a ' +
    'checkout for the held seat (or reuses the live one) and answers `303` to its URL. An offer id that ' +
    'is not the open one is `404 offer_not_found`; an offer past its deadline (or lapsed) is ' +
    '`410 offer_lapsed`, and its seat passes to the next in line; a place already paid is `409`.',
  request: {
    params: z.object({
      email: emailSchema.meta({ param: { description: 'lower-cased on the way in' }, example: 'ada@ubc.ca' }),
      eventID: eventIdSchema.meta({ example: 'blueprint' }),
      year: eventYearSchema.meta({ example: 2026 }),
    }),
    query: z.object({
      offer: z.string().min(1).max(100).meta({
        description: 'the offer id from the email',
        example: '0b9e6c52-4a3e-4f5e-9d1c-2f4b7a1e8c3d',
      }),
    }),
  },
  responses: {
    303: {
      description: 'To the Stripe Checkout page of the held seat',
      headers: { location: { description: 'the checkout URL', schema: { type: 'string' } } },
    },
    ...errorResponses({
      400: ['invalid_params'],
      404: ['offer_not_found'],
      409: ['already_paid', 'already_registered', 'not_payable', 'free_event'],
      410: ['offer_lapsed'],
      ...GATEWAY_FAULTS,
    }),
  },
});

const notFound = () => httpError('offer_not_found', 404, 'there is no such open offer for this registration');
const lapsed = () =>
  httpError('offer_lapsed', 410, 'this offer has lapsed; the seat was passed to the next in line');

/**
 * `GET /registrations/{email}/{eventID}/{year}/offer?offer=<offerId>`: the seat-offered email's
 * link. A matching open offer gets the registration's live checkout, or a new one through the
 * usual registration checkout (the seat is already held, so no capacity check can refuse it), and
 * `303` to its URL. After the deadline a checkout opened before it still answers; without one the
 * offer is lapsed here (as the lapse job would) and the answer is `410 offer_lapsed`.
 */
export const getOffer: RouteHandler<typeof getOfferRoute, PaymentsEnv> = async (c) => {
  const context = routeContextOf(c);
  const { deps, config } = context;
  const key = c.req.valid('param');
  const offerId = c.req.valid('query').offer;
  const event = await deps.events.getEvent(key.eventID, key.year);
  const found = event === undefined ? undefined : await loadRegistration(deps, key, event);
  if (event === undefined || found === undefined) throw notFound();
  const settled = await settleRegistration(context, key, found);
  const { snapshot } = settled;
  const offer = snapshot.context.offer ?? null;
  if (offer === null || offer.id !== offerId || snapshot.value !== 'incomplete') {
    // The offer ended: by lapsing, or by being taken up (paid, or registered on a free event).
    if (snapshot.context.offerLapsed === true) throw lapsed();
    if (hasPlace(snapshot)) throw notPayableError(snapshot);
    throw notFound();
  }
  const now = deps.clock.now();
  if (!isLive(snapshot.context.checkout, now) && now >= offer.expiresAt) {
    const registration: EventRegistration = {
      key,
      stored: { kind: 'snapshot', snapshot },
      createdAt: undefined,
    };
    await lapseExpiredOffers(context, [registration]);
    throw lapsed();
  }
  const session = await openRegistrationCheckout(context, {
    key,
    event,
    registration: settled,
    urls: eventRedirectDefaults(config, key.eventID, key.year),
  });
  context.setOutcome('offer_checkout');
  return c.body(null, 303, { location: session.url, 'cache-control': 'no-store' });
};
