import { type CheckoutReference, clientReferenceId } from './metadata.ts';

/**
 * How long a new checkout stays payable: Stripe's minimum of 30 minutes, plus one minute so
 * request latency and clock skew never push `expires_at` under Stripe's limit.
 */
export const CHECKOUT_LIFETIME_MS = 31 * 60 * 1000;

/** `expires_at` for a session created at `now` (epoch ms), in epoch ms. */
export function checkoutExpiresAt(now: number): number {
  return now + CHECKOUT_LIFETIME_MS;
}

/**
 * Idempotency key of a session create: the same registration or membership and attempt number
 * always map to the same key, so a retried request cannot open a second session.
 */
export function checkoutIdempotencyKey(ref: CheckoutReference): string {
  return `checkout:${clientReferenceId(ref)}:${ref.attempt}`;
}
