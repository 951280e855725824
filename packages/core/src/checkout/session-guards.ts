import { CURRENCY } from '../money.ts';
import type { CheckoutSession, KnownSession, MismatchReason, SessionPayment } from './types.ts';

/** The minimum a record keeps to judge a payment against its own sessions. */
export interface PaymentJudgeable {
  checkout: CheckoutSession | null;
  sessions: KnownSession[];
}

/** True while the checkout can still be paid: strictly before `expiresAt`. */
export function isLive(checkout: CheckoutSession | null, now: number): checkout is CheckoutSession {
  return checkout !== null && now < checkout.expiresAt;
}

/**
 * Why a payment cannot be accepted for this record, or `undefined` when it matches one of the
 * record's own sessions (or, given `legacyListPrice`, a session of today's system) in currency and list price (`amount_subtotal`; promotion codes may lower
 * `amount_total`, which is recorded as a discount, never compared).
 */
export function paymentMismatch(
  record: PaymentJudgeable,
  payment: SessionPayment,
  legacyListPrice?: number,
): MismatchReason | undefined {
  const own =
    record.sessions.find((s) => s.id === payment.sessionId) ??
    // A session today's system opened, verified by its signed metadata: judged against what
    // today's code would have charged, since no record of ours knows its amount.
    (legacyListPrice === undefined
      ? undefined
      : { id: payment.sessionId, amount: legacyListPrice, currency: CURRENCY });
  if (!own) return 'foreign_session';
  if (payment.currency.toLowerCase() !== own.currency.toLowerCase()) return 'currency';
  if (payment.amountSubtotal !== own.amount) return 'amount';
  return undefined;
}

/** The expected and received values of a mismatch, for the operator's record. */
export function mismatchDetail(record: PaymentJudgeable, payment: SessionPayment, reason: MismatchReason) {
  const own = record.sessions.find((s) => s.id === payment.sessionId);
  switch (reason) {
    case 'currency':
      return { expected: own?.currency ?? null, received: payment.currency };
    case 'amount':
      return { expected: own?.amount ?? null, received: payment.amountSubtotal };
    default:
      return { expected: record.sessions.map((s) => s.id), received: payment.sessionId };
  }
}

/** True when Stripe says the money is in: `paid`, or `no_payment_required` after a 100% promotion code. */
export function isSettled(payment: SessionPayment): boolean {
  return payment.paymentStatus === 'paid' || payment.paymentStatus === 'no_payment_required';
}

/** Appends to a bounded most-recent-last list. */
export function remember<T>(list: readonly T[], item: T, limit: number): T[] {
  const next = [...list, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
