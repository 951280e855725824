import { checkoutRoutes } from '@biztech/payments-http/lambda/checkout';
import Stripe from 'stripe';
import { httpFunction } from '../runtime/http-function.ts';

/**
 * The checkout and registration function (`POST /registrations`, `POST /payments`, the waitlist
 * offer link, `GET /payments/sessions/{sessionId}`): nearly every request opens or reads a Stripe
 * Checkout session, so the SDK is part of its cold start. The Cognito client loads on the first
 * `UserMember` sign-up.
 */
export const handler = httpFunction({
  routes: [checkoutRoutes],
  loadStripe: async () => Stripe,
});
