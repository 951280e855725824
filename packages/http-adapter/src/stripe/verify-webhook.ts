import type Stripe from 'stripe';
import type { VerifyWebhookInput } from '../deps.ts';

/** The `t=` timestamp of a `Stripe-Signature` header, in seconds, or undefined. */
export function signatureTimestamp(header: string): number | undefined {
  for (const part of header.split(',')) {
    const [name, value] = part.split('=', 2).map((s) => s.trim());
    if (name === 't' && value !== undefined && /^\d{1,12}$/.test(value)) return Number(value);
  }
  return undefined;
}

/**
 * Verifies a webhook with the SDK's `constructEventAsync` (works on every runtime's crypto). The
 * SDK only rejects timestamps that are too old; one further in the future than the tolerance is
 * refused here too, so a captured header cannot be pre-dated to live longer.
 */
export async function verifyStripeWebhook(stripe: Stripe, input: VerifyWebhookInput): Promise<unknown> {
  const tolerance = Math.max(1, Math.floor(input.toleranceSeconds));
  const timestamp = signatureTimestamp(input.header);
  if (timestamp === undefined) throw new Error('the signature header has no timestamp');
  if (timestamp - Math.floor(input.receivedAt / 1000) > tolerance) {
    throw new Error('the signature timestamp is in the future beyond the tolerance');
  }
  return stripe.webhooks.constructEventAsync(
    input.payload,
    input.header,
    input.secret,
    tolerance,
    undefined,
    input.receivedAt,
  );
}
