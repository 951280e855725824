import { effects, mark, paymentOf, refundOf, update } from '../checkout/payment-rules.ts';
import { remember } from '../checkout/session-guards.ts';
import type { PaymentRecord } from '../checkout/types.ts';
import { CURRENCY } from '../money.ts';
import type { EarlyRefund, RegistrationContext, RegistrationEffect } from './types.ts';

// The refund rules only the registration machine has: refunds that arrive before their payment,
// and refunds of payments today's system took (a legacy record has no payment of ours).

type Args = { context: RegistrationContext; event: { type: string; now: number } };

/** How many early refunds a registration keeps (a handful of payment intents at most, in practice). */
const EARLY_REFUND_MEMORY = 10;

const earlyOf = (context: RegistrationContext) => context.earlyRefunds ?? [];

/** A refund naming this registration while it holds no payment of ours. */
export const isRefundWithoutPayment = ({ context, event }: Args) =>
  context.payment === null && refundOf(event).paymentIntent !== null;

/** A refund naming this registration for a payment it does not hold (yet): not its recorded one. */
export const isRefundOfUnheldPayment = ({ context, event }: Args) =>
  refundOf(event).paymentIntent !== null && refundOf(event).paymentIntent !== context.payment?.paymentIntent;

/** The early refund recorded for the payment intent of the event's payment, if any. */
export function earlyRefundFor(context: RegistrationContext, paymentIntent: string | null) {
  return paymentIntent === null ? undefined : earlyOf(context).find((r) => r.paymentIntent === paymentIntent);
}

/** The payment's refund arrived first and refunded all of it. */
export const isRefundedBeforePayment = ({ context, event }: Args) => {
  const early = earlyRefundFor(context, paymentOf(event).paymentIntent);
  return early !== undefined && early.amountRefunded >= early.amountCaptured;
};

/** The payment's refund arrived first and refunded part of it. */
export const isPartlyRefundedBeforePayment = ({ context, event }: Args) =>
  earlyRefundFor(context, paymentOf(event).paymentIntent) !== undefined;

/**
 * `charge.refunded` before its payment (the first, or a second one from another tab): kept
 * (cumulative amounts only grow) so the payment, when it lands, is met by its refund instead of
 * confirming a place, or asking for a refund, again. Guarded candidates only; the state adds what
 * happens otherwise.
 */
export function keepEarlyRefund() {
  const known = ({ context, event }: Args) =>
    earlyOf(context).find((r) => r.paymentIntent === refundOf(event).paymentIntent);
  return [
    {
      guard: (a: Args) =>
        isRefundOfUnheldPayment(a) && (known(a)?.amountRefunded ?? -1) >= refundOf(a.event).amountRefunded,
      actions: mark('duplicate', 'refund_already_recorded'),
    },
    {
      guard: isRefundOfUnheldPayment,
      actions: update((a: Args): Partial<RegistrationContext> => {
        const r = refundOf(a.event);
        const entry: EarlyRefund = {
          paymentIntent: r.paymentIntent as string,
          amountRefunded: r.amountRefunded,
          amountCaptured: r.amountCaptured,
        };
        const others = earlyOf(a.context).filter((e) => e.paymentIntent !== entry.paymentIntent);
        return { earlyRefunds: remember(others, entry, EARLY_REFUND_MEMORY) };
      }),
    },
  ];
}

/** The context after a payment met by its early refund: both recorded, the early entry consumed. */
export function paidAndRefunded(a: Args, payment: PaymentRecord): Partial<RegistrationContext> {
  const early = earlyRefundFor(a.context, payment.paymentIntent) as EarlyRefund;
  return {
    payment,
    refund: { amountRefunded: early.amountRefunded, full: early.amountRefunded >= early.amountCaptured },
    earlyRefunds: earlyOf(a.context).filter((e) => e !== early),
  };
}

/** The `payment.refunded` effect of a payment met by its early refund. */
export const reportEarlyRefund = effects((a: Args): RegistrationEffect[] => {
  const early = earlyRefundFor(a.context, paymentOf(a.event).paymentIntent);
  return early
    ? [
        {
          type: 'payment.refunded',
          amountRefunded: early.amountRefunded,
          full: early.amountRefunded >= early.amountCaptured,
        },
      ]
    : [];
});

/**
 * A payment today's system took for a confirmed place, seen only through its refund: recorded as
 * the record's payment (so later refunds of it are recognised), with the refund applied.
 */
export function legacyPaymentOf(a: Args): PaymentRecord {
  const r = refundOf(a.event);
  return {
    sessionId: `legacy:${r.paymentIntent}`,
    paymentIntent: r.paymentIntent,
    amountSubtotal: r.amountCaptured,
    amountTotal: r.amountCaptured,
    amountDiscount: 0,
    currency: CURRENCY,
    paidAt: a.event.now,
  };
}

/** Records a refund of a payment today's system took, and reports it. */
export const recordLegacyRefund = [
  update((a: Args): Partial<RegistrationContext> => {
    const r = refundOf(a.event);
    return {
      payment: legacyPaymentOf(a),
      refund: { amountRefunded: r.amountRefunded, full: r.amountRefunded >= r.amountCaptured },
    };
  }),
  effects((a: Args): RegistrationEffect[] => {
    const r = refundOf(a.event);
    return [
      {
        type: 'payment.refunded',
        amountRefunded: r.amountRefunded,
        full: r.amountRefunded >= r.amountCaptured,
      },
    ];
  }),
];

/** A full refund (cumulative amount at least the captured amount). */
export const isFullRefund = ({ event }: Args) =>
  refundOf(event).amountRefunded >= refundOf(event).amountCaptured;
