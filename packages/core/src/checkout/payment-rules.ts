import type { OutcomeMarker } from '../engine/types.ts';
import { isSettled, mismatchDetail, paymentMismatch } from './session-guards.ts';
import type {
  CheckoutSession,
  KnownSession,
  PaymentEffect,
  PaymentRecord,
  RefundRecord,
  SessionPayment,
} from './types.ts';

/** What both machines keep about checkouts and money: the part the shared payment rules read and write. */
export interface PaymentContext {
  checkout: CheckoutSession | null;
  sessions: KnownSession[];
  attempts: number;
  payment: PaymentRecord | null;
  refund: RefundRecord | null;
}

/** The guard and action arguments the shared rules need, whatever the machine. */
export interface PaymentArgs {
  context: PaymentContext;
  event: { type: string; now: number };
}

type Succeeded = { type: 'PAYMENT_SUCCEEDED'; payment: SessionPayment; legacyListPrice?: number };
type Refunded = {
  type: 'CHARGE_REFUNDED';
  paymentIntent: string | null;
  amountRefunded: number;
  amountCaptured: number;
};

/** The machine's verdict, as an action the pure engine reads. */
export const mark = (outcome: OutcomeMarker['outcome'], reason: string) => ({
  type: 'outcome' as const,
  params: { outcome, reason },
});
/** Effects as an action: data for adapters, never executed by the machine. */
export const effects = <A extends PaymentArgs, F>(f: (a: A) => F[]) => ({
  type: 'effects' as const,
  params: f,
});
/** A context update as an action. */
export const update = <A extends PaymentArgs, C>(f: (a: A) => Partial<C>) => ({
  type: 'update' as const,
  params: f,
});

/** The payment a `PAYMENT_SUCCEEDED` event carries (the machine wires these rules to that event only). */
export const paymentOf = (event: PaymentArgs['event']): SessionPayment =>
  (event as unknown as Succeeded).payment;
const legacyListPriceOf = (event: PaymentArgs['event']) => (event as unknown as Succeeded).legacyListPrice;
/** The `CHARGE_REFUNDED` fields (the machines wire refund rules to that event only). */
export const refundOf = (event: PaymentArgs['event']) => event as unknown as Refunded;

/** Stripe has not settled the money yet (an async method): nothing to fulfil. */
export const isUnsettled = ({ event }: PaymentArgs) => !isSettled(paymentOf(event));
/** The same session's payment, already recorded: a duplicate, however it arrived. */
export const isSamePaidSession = ({ context, event }: PaymentArgs) =>
  context.payment?.sessionId === paymentOf(event).sessionId;
/** Not one of our sessions, or another currency or list price than the session was opened with. */
export const isMismatch = ({ context, event }: PaymentArgs) =>
  paymentMismatch(context, paymentOf(event), legacyListPriceOf(event)) !== undefined;
/** An expiry or failure about the checkout the record currently holds. */
export const isCurrentSession = ({ context, event }: PaymentArgs) =>
  context.checkout !== null && context.checkout.id === (event as { sessionId?: string }).sessionId;

/** Reports a payment that does not match, for operators; the state stays as it is. */
export const reportMismatch = effects((a: PaymentArgs): PaymentEffect[] => {
  const payment = paymentOf(a.event);
  const reason = paymentMismatch(a.context, payment, legacyListPriceOf(a.event)) ?? 'not_payable';
  return [
    {
      type: 'payment.mismatch',
      sessionId: payment.sessionId,
      reason,
      ...mismatchDetail(a.context, payment, reason),
    },
  ];
});

/** Asks for money we will not use to be refunded (a second payment, a payment after cancelling). */
export const reportRefundNeeded = (reason: string) =>
  effects((a: PaymentArgs): PaymentEffect[] => {
    const payment = paymentOf(a.event);
    return [
      {
        type: 'payment.refund_needed',
        sessionId: payment.sessionId,
        paymentIntent: payment.paymentIntent,
        amount: payment.amountTotal,
        reason,
      },
    ];
  });

/** Expires the record's current checkout, if it has one, so nobody can pay it any more. */
export const expireCurrentCheckout = effects(({ context }: PaymentArgs): PaymentEffect[] =>
  context.checkout ? [{ type: 'checkout.expire', sessionId: context.checkout.id }] : [],
);

/** The payment record of an accepted `PAYMENT_SUCCEEDED`. */
export function paymentRecord(event: PaymentArgs['event']): PaymentRecord {
  const p = paymentOf(event);
  return {
    sessionId: p.sessionId,
    paymentIntent: p.paymentIntent,
    amountSubtotal: p.amountSubtotal,
    amountTotal: p.amountTotal,
    amountDiscount: p.amountDiscount,
    currency: p.currency.toLowerCase(),
    paidAt: event.now,
  };
}

/**
 * Machine-wide handlers: Stripe events that find nothing to do in a state are ignored, never
 * errors. States that care define their own handlers, which XState tries first.
 */
export const ignoredStripeEvents = {
  CHECKOUT_EXPIRED: { actions: mark('ignored', 'not_current_session') },
  PAYMENT_FAILED: { actions: mark('ignored', 'not_current_session') },
  PAYMENT_PENDING: { actions: mark('ignored', 'awaiting_async_payment') },
  CHARGE_REFUNDED: { actions: mark('ignored', 'not_paid') },
};

/** A full refund's own transition: where it leads and what else it does (release a seat, revoke). */
export interface FullRefund<TAction> {
  target: string;
  actions: TAction[];
}

/**
 * `charge.refunded` for the record's payment. Stripe reports the cumulative refunded amount, so an
 * amount no larger than the one recorded is old news. A full refund takes `full`'s transition when
 * given; otherwise (and for partial refunds) the refund is only recorded.
 */
export function refundTransitions<TAction>(full?: FullRefund<TAction>) {
  const isOurs = ({ context, event }: PaymentArgs) =>
    context.payment !== null &&
    refundOf(event).paymentIntent !== null &&
    refundOf(event).paymentIntent === context.payment.paymentIntent;
  const isFull = ({ event }: PaymentArgs) => refundOf(event).amountRefunded >= refundOf(event).amountCaptured;
  const record = [
    update((a: PaymentArgs) => ({
      refund: { amountRefunded: refundOf(a.event).amountRefunded, full: isFull(a) },
    })),
    effects((a: PaymentArgs): PaymentEffect[] => [
      { type: 'payment.refunded', amountRefunded: refundOf(a.event).amountRefunded, full: isFull(a) },
    ]),
  ];
  return [
    { guard: (a: PaymentArgs) => !isOurs(a), actions: mark('ignored', 'not_our_payment') },
    {
      guard: ({ context, event }: PaymentArgs) =>
        refundOf(event).amountRefunded <= (context.refund?.amountRefunded ?? 0),
      actions: mark('duplicate', 'refund_already_recorded'),
    },
    ...(full ? [{ guard: isFull, target: full.target, actions: [...record, ...full.actions] }] : []),
    { actions: record },
  ];
}
