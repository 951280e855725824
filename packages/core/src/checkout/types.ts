/** A checkout session as the machines record it: enough to hand out its URL and to check a payment. */
export interface CheckoutSession {
  /** Stripe's `cs_...` id. */
  id: string;
  /** The hosted checkout page. */
  url: string;
  /** When the session stops accepting payment, in epoch milliseconds. */
  expiresAt: number;
  /** The list price the session was created with (Stripe's `amount_subtotal`), in cents. */
  amount: number;
  /** Lower-case ISO currency code. */
  currency: string;
}

/** A session this record has ever opened: kept so a late or second payment can be recognised as ours. */
export interface KnownSession {
  id: string;
  amount: number;
  currency: string;
}

/** A confirmed payment, as recorded on the registration or membership. */
export interface PaymentRecord {
  sessionId: string;
  paymentIntent: string | null;
  /** List price paid for, in cents (`amount_subtotal`). */
  amountSubtotal: number;
  /** What the customer actually paid after promotion codes (`amount_total`). */
  amountTotal: number;
  /** Discount from promotion codes, in cents. */
  amountDiscount: number;
  currency: string;
  /** Epoch milliseconds. */
  paidAt: number;
}

/** Refunds seen for the payment: `amountRefunded` is cumulative, as Stripe reports it. */
export interface RefundRecord {
  amountRefunded: number;
  full: boolean;
}

/** The payment facts a Stripe session event carries, already validated and normalised. */
export interface SessionPayment {
  sessionId: string;
  paymentStatus: 'paid' | 'unpaid' | 'no_payment_required';
  amountSubtotal: number;
  amountTotal: number;
  amountDiscount: number;
  currency: string;
  paymentIntent: string | null;
}

/** Why a payment was not accepted as fulfilling a record. */
export type MismatchReason = 'foreign_session' | 'currency' | 'amount' | 'not_payable';

/** Effects both machines emit about checkouts and money. */
export type PaymentEffect =
  /** Expire a Stripe session so nobody can pay it any more. */
  | { type: 'checkout.expire'; sessionId: string }
  /** A payment that does not match: nothing changed; operators should look. */
  | {
      type: 'payment.mismatch';
      sessionId: string;
      reason: MismatchReason;
      expected: unknown;
      received: unknown;
    }
  /** Money arrived that we will not use (a second payment, a payment after cancelling): refund it. */
  | {
      type: 'payment.refund_needed';
      sessionId: string;
      paymentIntent: string | null;
      amount: number;
      reason: string;
    }
  /** A refund was recorded. */
  | { type: 'payment.refunded'; amountRefunded: number; full: boolean };

/** A checkout session event from Stripe (webhook or success page), as both machines accept it. */
export type SessionMachineEvent =
  /** `checkout.session.completed` (paid or 100% discounted) or `async_payment_succeeded`. */
  | {
      type: 'PAYMENT_SUCCEEDED';
      stripeEventId?: string;
      payment: SessionPayment;
      /**
       * Set by the adapter for a session today's system opened (its metadata has no `attempt`):
       * what today's code would have charged for it, in cents. Such a session is in no record's
       * session list; it is accepted when its currency is ours and its list price equals this.
       */
      legacyListPrice?: number;
    }
  /** `checkout.session.completed` with `payment_status: unpaid`: an async method, not settled yet. */
  | { type: 'PAYMENT_PENDING'; stripeEventId?: string; sessionId: string }
  /** `checkout.session.async_payment_failed`. */
  | { type: 'PAYMENT_FAILED'; stripeEventId?: string; sessionId: string }
  /** `checkout.session.expired`. */
  | { type: 'CHECKOUT_EXPIRED'; stripeEventId?: string; sessionId: string };

/** `charge.refunded`, as both machines accept it. */
export type RefundMachineEvent = {
  type: 'CHARGE_REFUNDED';
  stripeEventId?: string;
  paymentIntent: string | null;
  /** Cumulative amount refunded on the charge, in cents. */
  amountRefunded: number;
  /** The charge's captured amount; a refund of all of it is a full refund. */
  amountCaptured: number;
};
