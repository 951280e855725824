import {
  type CheckoutReference,
  parseCheckoutMetadata,
  stripeEventSchema,
  translateStripeEvent,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { applyToReference } from './apply-to-reference.ts';

/** What the webhook answers in `outcome`: the machine's `rejected` is reported as `ignored`. */
export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

/** The Stripe event types the webhook (and the reconciler's replay) act on; any other is ignored. */
export const HANDLED_STRIPE_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
] as const;

/** What applying one Stripe event gave. */
export interface StripeEventResult {
  outcome: WebhookOutcome;
  reason?: string | undefined;
  /** Operator queue items the event opened. */
  queued: number;
}

/**
 * Applies one Stripe event (already verified, or read from Stripe's own event list) to the record
 * its session names: the one code path of the webhook and of the reconciler, so a replayed
 * event is exactly a redelivery (a duplicate when it was applied before).
 */
export async function applyStripeEvent(context: RouteContext, payload: unknown): Promise<StripeEventResult> {
  const envelope = stripeEventSchema.safeParse(payload);
  if (!envelope.success) return { outcome: 'ignored', reason: 'malformed_event', queued: 0 };
  const translated = translateStripeEvent(envelope.data, context.config.membershipYear);
  if (translated.kind === 'ignored' || translated.kind === 'invalid') {
    return { outcome: 'ignored', reason: translated.reason, queued: 0 };
  }
  let reference: CheckoutReference | undefined = translated.reference;
  if (reference === undefined && translated.kind === 'refund' && translated.paymentIntent !== null) {
    // Charges made outside our sessions' metadata: find the session the payment intent paid.
    const session = await context.deps.gateway.findCheckoutByPaymentIntent(translated.paymentIntent);
    reference = parseCheckoutMetadata(session?.metadata, context.config.membershipYear);
  }
  if (reference === undefined) return { outcome: 'ignored', reason: 'not_our_session', queued: 0 };
  const result = await applyToReference(context, reference, translated.event);
  if (result.outcome === 'applied' || result.outcome === 'duplicate')
    return { outcome: result.outcome, queued: result.queued };
  return { outcome: 'ignored', reason: result.reason ?? result.outcome, queued: result.queued };
}
