import { type CheckoutReference, digestReference, readableReference, STRIPE_ID_LIMITS } from './metadata.ts';

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
 * Room left in Stripe's 255-character `Idempotency-Key` for the `:<expires_at seconds>` suffix the
 * HTTP adapter's gateway appends when it retries a create under a fresh key.
 */
const IDEMPOTENCY_SUFFIX_ROOM = 16;

/** An HTTP header value every client sends as is: printable ASCII. */
const HEADER_SAFE = /^[\x20-\x7e]+$/;

/**
 * Idempotency key of a session create: the same registration or membership and attempt number
 * always map to the same key, so a retried request cannot open a second session. Today's
 * readable key (`checkout:<reference>:<attempt>`) when it is printable ASCII and at most 239
 * characters; otherwise `checkout:<kind>:sha256:<digest>:<attempt>`, which always fits.
 */
export function checkoutIdempotencyKey(ref: CheckoutReference): string {
  const readable = `checkout:${readableReference(ref)}:${ref.attempt}`;
  return readable.length <= STRIPE_ID_LIMITS.idempotencyKey - IDEMPOTENCY_SUFFIX_ROOM &&
    HEADER_SAFE.test(readable)
    ? readable
    : `checkout:${digestReference(ref)}:${ref.attempt}`;
}
