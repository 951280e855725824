// `scripts/bundle-figures.ts`'s "whole API": one function serving every route family (the shape
// of the deployment before the split, and of the Node server), built like the deployed ones, to
// compare with the naive bundle. Not deployed. Stripe loads on the first call that needs it.
import { adminAndReadRoutes, createCognitoTokenVerifier } from '@biztech/payments-http/lambda/admin';
import { checkoutRoutes } from '@biztech/payments-http/lambda/checkout';
import { webhookRoutes } from '@biztech/payments-http/lambda/webhooks';
import { httpFunction } from '../src/runtime/http-function.ts';

/** Every route of the API in one Lambda handler. */
export const handler = httpFunction({
  routes: [webhookRoutes, checkoutRoutes, adminAndReadRoutes],
  loadStripe: async () => (await import('stripe')).default,
  createTokenVerifier: createCognitoTokenVerifier,
});
