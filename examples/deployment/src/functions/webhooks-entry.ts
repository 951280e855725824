import { webhookRoutes } from '@biztech/payments-http/lambda/webhooks';
import { httpFunction } from '../runtime/http-function.ts';

/**
 * The webhooks function (`POST /payments/webhook`, `POST /payments/cancel`). Fulfilment makes no
 * Stripe call (signatures are an HMAC, checked with `node:crypto`), so the SDK is imported only by
 * the rare call that needs it: a `charge.refunded` without our metadata looking its session up, or
 * a refund the fast path issues. No Cognito client, no token verifier.
 */
export const handler = httpFunction({
  routes: [webhookRoutes],
  loadStripe: async () => (await import('stripe')).default,
});
