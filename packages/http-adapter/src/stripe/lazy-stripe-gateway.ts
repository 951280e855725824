import type Stripe from 'stripe';
import { GatewayError } from '../errors.ts';
import { createStripeGateway, type StripeGateway, type StripeGatewayOptions } from './stripe-gateway.ts';
import { verifyStripeWebhook } from './verify-webhook.ts';

/**
 * A {@link StripeGateway} that loads the `stripe` SDK on its first Stripe call (`loadStripe`, e.g.
 * a dynamic `import('stripe')`), never before: a function whose requests rarely call Stripe (the
 * webhooks: only a `charge.refunded` without our metadata looks its session up, and a fast-path
 * refund) neither bundles the SDK into its cold start nor parses it. Webhook signatures are checked
 * without the SDK. A failed load is not kept: the next call tries again.
 *
 * @example
 * ```ts
 * const gateway = createLazyStripeGateway(async () => {
 *   const { default: Stripe } = await import('stripe');
 *   return new Stripe(key);
 * });
 * ```
 */
export function createLazyStripeGateway(
  loadStripe: () => Promise<Stripe>,
  options: StripeGatewayOptions = {},
): StripeGateway {
  let loading: Promise<StripeGateway> | undefined;
  const gateway = (): Promise<StripeGateway> => {
    loading ??= loadStripe().then(
      (stripe) => createStripeGateway(stripe, options),
      (error: unknown) => {
        loading = undefined;
        throw new GatewayError('gateway_unavailable', 'the Stripe SDK could not be loaded', { cause: error });
      },
    );
    return loading;
  };
  return {
    createCheckout: async (input) => (await gateway()).createCheckout(input),
    retrieveCheckout: async (sessionId) => (await gateway()).retrieveCheckout(sessionId),
    findCheckoutByPaymentIntent: async (paymentIntent) =>
      (await gateway()).findCheckoutByPaymentIntent(paymentIntent),
    expireCheckout: async (sessionId) => (await gateway()).expireCheckout(sessionId),
    refund: async (input) => (await gateway()).refund(input),
    listEvents: async (input) => (await gateway()).listEvents(input),
    verifyWebhook: verifyStripeWebhook,
  };
}
