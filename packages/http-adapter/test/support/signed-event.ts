import type Stripe from 'stripe';

/** A `Stripe-Signature` header for a payload, as Stripe would send it at `timestampSeconds`. */
export function signatureFor(
  stripe: Stripe,
  payload: string,
  secret: string,
  timestampSeconds: number,
): string {
  return stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: timestampSeconds });
}

/** A minimal Stripe event envelope around an object. */
export function envelope(
  type: string,
  object: Record<string, unknown>,
  id = `evt_test_${Math.random().toString(36).slice(2)}`,
) {
  return { id, object: 'event', type, created: Math.floor(Date.now() / 1000), data: { object } };
}
