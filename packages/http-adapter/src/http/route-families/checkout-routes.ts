import { getOffer, getOfferRoute } from '../../routes/get-offer.ts';
import {
  getPersonRegistrations,
  getPersonRegistrationsRoute,
} from '../../routes/get-person-registrations.ts';
import { getSession, getSessionRoute } from '../../routes/get-session.ts';
import { postPayments, postPaymentsRoute } from '../../routes/post-payments.ts';
import { postRegistrations, postRegistrationsRoute } from '../../routes/post-registrations.ts';
import { optionalCaller } from '../token-guards.ts';
import type { RouteFamily } from './route-family.ts';

/**
 * Checkout and registration: `POST /registrations`, `POST /payments`, the waitlist offer link and
 * `GET /payments/sessions/{sessionId}` (the success page's poll): the routes that open or read
 * Stripe Checkout sessions.
 */
export const checkoutRoutes: RouteFamily = (add) => {
  add(postRegistrationsRoute, 'json', postRegistrations, optionalCaller);
  // Today's list read shares its path with POST /registrations: one function answers the path.
  add(getPersonRegistrationsRoute, 'none', getPersonRegistrations);
  add(getOfferRoute, 'none', getOffer);
  add(postPaymentsRoute, 'json', postPayments, optionalCaller);
  add(getSessionRoute, 'none', getSession);
};
