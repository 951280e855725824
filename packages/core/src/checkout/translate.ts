import { CURRENCY } from '../money.ts';
import {
  type CheckoutSessionObject,
  chargeObjectSchema,
  checkoutSessionObjectSchema,
  type StripeEventEnvelope,
} from '../schemas/stripe-event.ts';
import { type CheckoutReference, parseCheckoutMetadata } from './metadata.ts';
import type { RefundMachineEvent, SessionMachineEvent, SessionPayment } from './types.ts';

/**
 * What a Stripe event means for us:
 * - `session`: apply `event` to the record `reference` names (undefined when the session is not ours);
 * - `refund`: apply `event` to the record paid by `paymentIntent` (`reference` when the charge's metadata names it);
 * - `ignored`: a type we do not handle;
 * - `invalid`: a handled type whose object does not have the fields we rely on.
 */
export type TranslatedStripeEvent =
  | {
      kind: 'session';
      reference: CheckoutReference | undefined;
      sessionId: string;
      event: SessionMachineEvent;
    }
  | {
      kind: 'refund';
      reference: CheckoutReference | undefined;
      paymentIntent: string | null;
      event: RefundMachineEvent;
    }
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; reason: string };

const idOf = (v: string | { id: string } | null | undefined): string | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? v : v.id;

/** The payment facts of a session, normalised (lower-case currency, discount filled in). */
export function sessionPaymentOf(session: CheckoutSessionObject): SessionPayment {
  const subtotal = session.amount_subtotal ?? 0;
  const total = session.amount_total ?? subtotal;
  return {
    sessionId: session.id,
    paymentStatus: session.payment_status,
    amountSubtotal: subtotal,
    amountTotal: total,
    amountDiscount: session.total_details?.amount_discount ?? Math.max(0, subtotal - total),
    currency: (session.currency ?? CURRENCY).toLowerCase(),
    paymentIntent: idOf(session.payment_intent),
  };
}

/**
 * Translates a verified Stripe event into a machine event. Pure: resolving a refund's record when
 * the charge carries no metadata (a lookup by payment intent) is the caller's job.
 *
 * @param defaultMembershipYear fills in sessions made before metadata carried the membership year
 */
export function translateStripeEvent(
  envelope: StripeEventEnvelope,
  defaultMembershipYear: number,
): TranslatedStripeEvent {
  const stripeEventId = envelope.id;
  if (envelope.type === 'charge.refunded') {
    const charge = chargeObjectSchema.safeParse(envelope.data.object);
    if (!charge.success) return { kind: 'invalid', reason: 'charge object is missing fields' };
    const paymentIntent = idOf(charge.data.payment_intent);
    return {
      kind: 'refund',
      reference: parseCheckoutMetadata(charge.data.metadata, defaultMembershipYear),
      paymentIntent,
      event: {
        type: 'CHARGE_REFUNDED',
        stripeEventId,
        paymentIntent,
        amountRefunded: charge.data.amount_refunded,
        amountCaptured: charge.data.amount_captured ?? charge.data.amount,
      },
    };
  }
  if (!envelope.type.startsWith('checkout.session.'))
    return { kind: 'ignored', reason: `unhandled type ${envelope.type}` };
  const parsed = checkoutSessionObjectSchema.safeParse(envelope.data.object);
  if (!parsed.success) return { kind: 'invalid', reason: 'checkout.session object is missing fields' };
  const session = parsed.data;
  const reference = parseCheckoutMetadata(session.metadata, defaultMembershipYear);
  const base = { kind: 'session' as const, reference, sessionId: session.id };
  switch (envelope.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded': {
      const payment = sessionPaymentOf(session);
      return payment.paymentStatus === 'unpaid'
        ? { ...base, event: { type: 'PAYMENT_PENDING', stripeEventId, sessionId: session.id } }
        : { ...base, event: { type: 'PAYMENT_SUCCEEDED', stripeEventId, payment } };
    }
    case 'checkout.session.async_payment_failed':
      return { ...base, event: { type: 'PAYMENT_FAILED', stripeEventId, sessionId: session.id } };
    case 'checkout.session.expired':
      return { ...base, event: { type: 'CHECKOUT_EXPIRED', stripeEventId, sessionId: session.id } };
    default:
      return { kind: 'ignored', reason: `unhandled type ${envelope.type}` };
  }
}
