import { assign, setup } from 'xstate';
import {
  expireCurrentCheckout,
  ignoredStripeEvents,
  isCurrentSession,
  isMismatch,
  isSamePaidSession,
  isUnsettled,
  mark,
  paymentRecord,
  refundTransitions,
  reportMismatch,
  reportRefundNeeded,
} from '../checkout/payment-rules.ts';
import { isLive, remember } from '../checkout/session-guards.ts';
import type { PaymentEffect } from '../checkout/types.ts';
import { type OutcomeMarker, SESSION_MEMORY, type Timed } from '../engine/types.ts';
import { buildActivationRecords } from './records.ts';
import type {
  EarlyMembershipRefund,
  MembershipContext,
  MembershipEffect,
  MembershipEvent,
  MembershipRefundEvent,
  MembershipSource,
} from './types.ts';

/** The membership machine's events, stamped with the step's clock and profile id. */
export type MembershipMachineEvent = Timed<MembershipEvent>;
type EventOf<T extends MembershipEvent['type']> = Timed<Extract<MembershipEvent, { type: T }>>;
type Args = { context: MembershipContext; event: MembershipMachineEvent };

/** A membership nobody has started. */
export const EMPTY_MEMBERSHIP_CONTEXT: MembershipContext = {
  email: '',
  membershipYear: 0,
  source: null,
  applicant: null,
  priceCents: 0,
  identityRequested: false,
  checkout: null,
  sessions: [],
  attempts: 0,
  payment: null,
  refund: null,
  profileID: null,
  activatedAt: null,
  processedKeys: [],
};

const as = <T extends MembershipEvent['type']>(event: MembershipMachineEvent, _type: T) =>
  event as EventOf<T>;
// Typed to this machine; the shared payment rules (`checkout/payment-rules.ts`) build the same actions.
const effects = (f: (a: Args) => MembershipEffect[]) => ({ type: 'effects' as const, params: f });
const update = (f: (a: Args) => Partial<MembershipContext>) => ({ type: 'update' as const, params: f });

const refundOf = (event: MembershipMachineEvent) => event as Timed<MembershipRefundEvent>;
/** What today's code would have charged for a session it opened, when the adapter knows it (see `SessionMachineEvent`). */
const legacyListPriceOf = (event: MembershipMachineEvent) =>
  (event as { legacyListPrice?: number }).legacyListPrice;
const paidIntentOf = (event: MembershipMachineEvent) => as(event, 'PAYMENT_SUCCEEDED').payment.paymentIntent;
const earlyRefundOf = (context: MembershipContext, paymentIntent: string | null) =>
  paymentIntent === null ? undefined : context.earlyRefunds?.find((r) => r.paymentIntent === paymentIntent);
const withoutEarlyRefund = (context: MembershipContext, paymentIntent: string | null) =>
  (context.earlyRefunds ?? []).filter((r) => r.paymentIntent !== paymentIntent);
const isFullRefund = (r: { amountRefunded: number; amountCaptured: number }) =>
  r.amountRefunded >= r.amountCaptured;

const revoke = effects(({ context }) => [
  { type: 'membership.revoke', email: context.email, membershipYear: context.membershipYear },
]);

/** Sets `isMember: true` on the existing user when the runner found the year's member item without it. */
const repairUser = effects(({ context, event }) =>
  as(event, 'MEMBER_RECORD_FOUND').repairUser
    ? [{ type: 'membership.repair', email: context.email, membershipYear: context.membershipYear }]
    : [],
);

/** The membership has no payment of ours: today's system made it (a member item), or an admin granted it. */
function hasNoPayment({ context }: Args) {
  return context.payment === null;
}

/**
 * A payment of a session today's system opened (the adapter says what it would have charged), for a
 * membership active through today's member item and with no payment yet: it is that membership's
 * own payment, so it is recorded, not reported. Our own sessions never qualify.
 */
function isLegacyMembershipPayment(a: Args) {
  const { context, event } = a;
  const payment = as(event, 'PAYMENT_SUCCEEDED').payment;
  return (
    context.legacyMember === true &&
    context.payment === null &&
    legacyListPriceOf(event) !== undefined &&
    !context.sessions.some((s) => s.id === payment.sessionId) &&
    (context.legacyPaymentIntent === undefined || context.legacyPaymentIntent === payment.paymentIntent) &&
    !isMismatch(a)
  );
}

/** The payment of today's system's session whose full refund already ended this legacy membership. */
function isRefundedLegacyPayment({ context, event }: Args) {
  return (
    context.legacyPaymentIntent !== undefined &&
    context.refund?.full === true &&
    paidIntentOf(event) === context.legacyPaymentIntent
  );
}

/** A refund of today's system's session, for a legacy membership that has no payment record of ours. */
function isLegacyRefund({ context, event }: Args) {
  const r = refundOf(event);
  return (
    context.legacyMember === true &&
    context.payment === null &&
    r.legacySession === true &&
    r.paymentIntent !== null &&
    (context.legacyPaymentIntent ?? r.paymentIntent) === r.paymentIntent
  );
}
/** Stripe reports the cumulative refunded amount: no more than recorded is old news. */
function isRecordedLegacyRefund(a: Args) {
  return isLegacyRefund(a) && refundOf(a.event).amountRefunded <= (a.context.refund?.amountRefunded ?? 0);
}
function isFullLegacyRefund(a: Args) {
  return isLegacyRefund(a) && isFullRefund(refundOf(a.event));
}

/** Today's session was fully refunded before its membership's member item was found: that membership is over. */
function isLegacyMembershipRefundedEarly({ context }: Args) {
  return (context.earlyRefunds ?? []).some((r) => r.legacySession === true && isFullRefund(r));
}

/** A refund for a payment not recorded yet: it must wait for its payment. */
function isRefundWithoutPaymentIntent({ event }: Args) {
  return refundOf(event).paymentIntent === null;
}
function isRecordedEarlyRefund({ context, event }: Args) {
  const r = refundOf(event);
  return r.amountRefunded <= (earlyRefundOf(context, r.paymentIntent)?.amountRefunded ?? -1);
}
/** The payment landing now was fully refunded before it arrived. */
function isRefundedBeforePayment({ context, event }: Args) {
  const early = earlyRefundOf(context, paidIntentOf(event));
  return early !== undefined && isFullRefund(early);
}

/** Activation: one effect carrying the user, member and profile records, written together by the store. */
const activate = (source: (a: Args) => MembershipSource) => [
  update((a) => ({ source: source(a), profileID: a.event.profileID ?? null, activatedAt: a.event.now })),
  effects(({ context, event }) => {
    if (!context.applicant || !context.profileID || !context.source) return [];
    return [
      {
        type: 'membership.activate',
        email: context.email,
        membershipYear: context.membershipYear,
        source: context.source,
        records: buildActivationRecords(context.applicant, context.source, context.profileID, event.now),
      },
    ];
  }),
];

const begin = update(({ context, event }) => {
  const e = as(event, 'BEGIN');
  return {
    email: e.email.toLowerCase(),
    membershipYear: e.membershipYear,
    source: e.paymentType,
    applicant: { ...e.applicant, email: e.email.toLowerCase() },
    priceCents: e.priceCents,
    identityRequested: context.identityRequested || e.paymentType === 'UserMember',
    checkout: null,
  };
});
/** A `UserMember` gets their sign-in identity before checkout, asked for once per membership. */
const requestIdentity = effects(({ context, event }) => {
  const e = as(event, 'BEGIN');
  return e.paymentType === 'UserMember' && !context.identityRequested
    ? [
        {
          type: 'identity.create',
          email: e.email.toLowerCase(),
          fname: e.applicant.fname,
          lname: e.applicant.lname,
        },
      ]
    : [];
});

/**
 * The membership lifecycle of one (email, membership year) as an XState v5 machine, run only
 * through the pure engine (`stepMembership`).
 *
 * Refund policy: a full refund of the membership payment ends the membership (`refunded`, a
 * `membership.revoke` effect sets `isMember: false`; the member and profile records stay as
 * history). A partial refund is recorded and changes nothing else. `refunded` is final for the
 * membership year: rejoining after a refund is an operator decision, outside this machine. The
 * policy holds whatever order Stripe's events arrive in (a refund before its payment is kept and
 * applied when the payment lands), and for memberships today's system sold (`legacyMember`).
 */
export const membershipMachine = setup({
  types: {
    context: {} as MembershipContext,
    events: {} as MembershipMachineEvent,
  },
  actions: {
    update: assign((_, params: Partial<MembershipContext>) => params),
    effects: (_, _params: MembershipEffect[]) => {},
    outcome: (_, _params: OutcomeMarker) => {},
  },
}).createMachine({
  id: 'membership',
  initial: 'none',
  context: EMPTY_MEMBERSHIP_CONTEXT,
  on: {
    ...ignoredStripeEvents,
    BEGIN: { actions: mark('rejected', 'already_member') },
    ADMIN_GRANT: { actions: mark('rejected', 'already_member') },
    MEMBER_RECORD_FOUND: { actions: mark('ignored', 'membership_refunded') },
    PAYMENT_SUCCEEDED: [
      { guard: isSamePaidSession, actions: mark('duplicate', 'already_paid') },
      { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
      { guard: isRefundedLegacyPayment, actions: mark('ignored', 'already_refunded') },
      { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
      { actions: [reportRefundNeeded('second_payment'), mark('ignored', 'second_payment')] },
    ],
  },
  states: {
    none: {
      on: {
        BEGIN: { target: 'awaitingCheckout', actions: [requestIdentity, begin] },
        ADMIN_GRANT: grant(),
        MEMBER_RECORD_FOUND: memberRecordFound(),
        CHARGE_REFUNDED: keepEarlyRefund(),
        // Money for a membership nobody started (no form to activate it with): it has no owner
        // here, so it is reported for a refund, never taken.
        PAYMENT_SUCCEEDED: [
          { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
          { actions: [reportRefundNeeded('unowned_payment'), mark('ignored', 'unowned_payment')] },
        ],
      },
    },
    awaitingCheckout: {
      on: {
        BEGIN: { target: 'awaitingCheckout', actions: [requestIdentity, begin] },
        OPEN_CHECKOUT: openCheckout('awaitingCheckout'),
        PAYMENT_SUCCEEDED: acceptPayment(),
        ADMIN_GRANT: grant(),
        MEMBER_RECORD_FOUND: memberRecordFound(),
        CHARGE_REFUNDED: keepEarlyRefund(),
      },
    },
    checkoutOpen: {
      on: {
        BEGIN: [
          {
            guard: ({ context, event }) => isLive(context.checkout, event.now),
            actions: mark('rejected', 'checkout_live'),
          },
          { target: 'awaitingCheckout', actions: [requestIdentity, begin] },
        ],
        OPEN_CHECKOUT: openCheckout('checkoutOpen'),
        PAYMENT_SUCCEEDED: acceptPayment(),
        CHECKOUT_EXPIRED: endCheckout(),
        PAYMENT_FAILED: endCheckout(),
        ADMIN_GRANT: grant(),
        MEMBER_RECORD_FOUND: memberRecordFound(),
        CHARGE_REFUNDED: keepEarlyRefund(),
      },
    },
    active: {
      on: {
        PAYMENT_SUCCEEDED: [
          { guard: isSamePaidSession, actions: mark('duplicate', 'already_paid') },
          { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
          {
            guard: isLegacyMembershipPayment,
            actions: update(({ event }) => ({ payment: paymentRecord(event) })),
          },
          { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
          // Active through today's member item (or an admin's grant), never paid through us: this
          // payment buys nothing, so it is reported for a refund.
          {
            guard: hasNoPayment,
            actions: [reportRefundNeeded('already_member'), mark('ignored', 'already_member')],
          },
          { actions: [reportRefundNeeded('second_payment'), mark('ignored', 'second_payment')] },
        ],
        CHARGE_REFUNDED: [
          ...legacyRefundTransitions(),
          ...refundTransitions({ target: 'refunded', actions: [revoke] }),
        ],
        MEMBER_RECORD_FOUND: [
          { guard: ({ event }) => as(event, 'MEMBER_RECORD_FOUND').repairUser, actions: repairUser },
          { actions: mark('ignored', 'already_active') },
        ],
      },
    },
    refunded: {},
  },
});

/** An admin grants the membership without payment; a live checkout is expired so nobody pays for it. */
function grant() {
  return [
    {
      target: 'active',
      actions: [
        expireCurrentCheckout,
        update(({ event }) => {
          const e = as(event, 'ADMIN_GRANT');
          return {
            email: e.email.toLowerCase(),
            membershipYear: e.membershipYear,
            applicant: { ...e.applicant, email: e.email.toLowerCase() },
            checkout: null,
          };
        }),
        ...activate(() => 'AdminGrant'),
      ],
    },
  ];
}

function openCheckout(from: 'awaitingCheckout' | 'checkoutOpen') {
  const session = (event: MembershipMachineEvent) => as(event, 'OPEN_CHECKOUT').session;
  const known = ({ context, event }: Args) =>
    remember(
      context.sessions,
      {
        id: session(event).id,
        amount: session(event).amount,
        currency: session(event).currency.toLowerCase(),
      },
      SESSION_MEMORY,
    );
  return [
    {
      guard: ({ context, event }: Args) => context.sessions.some((s) => s.id === session(event).id),
      actions: mark('duplicate', 'known_session'),
    },
    {
      guard: ({ event }: Args) => event.now >= session(event).expiresAt,
      actions: mark('rejected', 'session_expired'),
    },
    // Only an open checkout can be live; two at once would let one member pay twice.
    ...(from === 'checkoutOpen'
      ? [
          {
            guard: ({ context, event }: Args) => isLive(context.checkout, event.now),
            actions: [
              effects(({ event }) => [{ type: 'checkout.expire', sessionId: session(event).id }]),
              // A recorded session counts as an attempt, so the next session create uses a new idempotency key.
              update((a) => ({ sessions: known(a), attempts: a.context.attempts + 1 })),
              mark('rejected', 'checkout_live'),
            ],
          },
        ]
      : []),
    {
      target: 'checkoutOpen',
      actions: update((a) => ({
        checkout: { ...session(a.event), currency: session(a.event).currency.toLowerCase() },
        sessions: known(a),
        attempts: a.context.attempts + 1,
      })),
    },
  ];
}

function acceptPayment() {
  const early = ({ context, event }: Args) => earlyRefundOf(context, paidIntentOf(event));
  return [
    { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
    { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
    // Its full refund arrived first: the refund policy holds whatever the order, so nothing activates.
    {
      guard: isRefundedBeforePayment,
      target: 'refunded',
      actions: [
        update((a) => ({
          checkout: null,
          payment: paymentRecord(a.event),
          refund: { amountRefunded: early(a)?.amountRefunded ?? 0, full: true },
          earlyRefunds: withoutEarlyRefund(a.context, paidIntentOf(a.event)),
        })),
        effects((a): PaymentEffect[] => [
          { type: 'payment.refunded', amountRefunded: early(a)?.amountRefunded ?? 0, full: true },
        ]),
      ],
    },
    {
      target: 'active',
      actions: [
        update(({ event }) => ({ checkout: null, payment: paymentRecord(event) })),
        ...activate(({ context }) => context.source ?? 'Member'),
        // A partial refund that arrived first is recorded now, after the activation.
        effects((a): PaymentEffect[] => {
          const r = early(a);
          return r ? [{ type: 'payment.refunded', amountRefunded: r.amountRefunded, full: false }] : [];
        }),
        update((a) => {
          const r = early(a);
          return r
            ? {
                refund: { amountRefunded: r.amountRefunded, full: false },
                earlyRefunds: withoutEarlyRefund(a.context, paidIntentOf(a.event)),
              }
            : {};
        }),
      ],
    },
  ];
}

/** Expiry or async failure of the current session: the member can start again. */
function endCheckout() {
  return [
    { guard: isCurrentSession, target: 'awaitingCheckout', actions: update(() => ({ checkout: null })) },
    { actions: mark('ignored', 'not_current_session') },
  ];
}

/**
 * The year's member item exists although this membership never activated: today's system made the
 * member. The membership is active from now on, with no payment of ours; a live checkout is expired
 * so nobody pays for what they already have, and the user's `isMember` is repaired when missing.
 */
function memberRecordFound() {
  const found = update(({ context, event }) => {
    const e = as(event, 'MEMBER_RECORD_FOUND');
    return {
      email: e.email.toLowerCase(),
      membershipYear: e.membershipYear,
      checkout: null,
      legacyMember: true,
      profileID: e.profileID ?? context.profileID,
    };
  });
  // A refund of today's session that came before the member item was found is that membership's.
  const legacyRefund = ({ context }: Args) => context.earlyRefunds?.find((r) => r.legacySession === true);
  const record = [
    update((a) => {
      const r = legacyRefund(a);
      return r
        ? {
            refund: { amountRefunded: r.amountRefunded, full: isFullRefund(r) },
            legacyPaymentIntent: r.paymentIntent,
            earlyRefunds: withoutEarlyRefund(a.context, r.paymentIntent),
          }
        : {};
    }),
    effects((a): PaymentEffect[] => {
      const r = legacyRefund(a);
      return r ? [{ type: 'payment.refunded', amountRefunded: r.amountRefunded, full: isFullRefund(r) }] : [];
    }),
  ];
  return [
    {
      guard: isLegacyMembershipRefundedEarly,
      target: 'refunded',
      actions: [expireCurrentCheckout, found, ...record, revoke],
    },
    { target: 'active', actions: [expireCurrentCheckout, found, ...record, repairUser] },
  ];
}

/**
 * A refund of a payment not recorded yet (Stripe does not order its events): kept by payment
 * intent, so the refund policy applies when the payment lands.
 */
function keepEarlyRefund() {
  return [
    { guard: isRefundWithoutPaymentIntent, actions: mark('ignored', 'not_paid') },
    { guard: isRecordedEarlyRefund, actions: mark('duplicate', 'refund_already_recorded') },
    {
      actions: update(({ context, event }) => {
        const r = refundOf(event);
        const kept: EarlyMembershipRefund = {
          paymentIntent: r.paymentIntent ?? '',
          amountRefunded: r.amountRefunded,
          amountCaptured: r.amountCaptured,
          ...(r.legacySession ? { legacySession: true } : {}),
        };
        const known = context.earlyRefunds ?? [];
        return {
          earlyRefunds: known.some((e) => e.paymentIntent === kept.paymentIntent)
            ? known.map((e) => (e.paymentIntent === kept.paymentIntent ? kept : e))
            : remember(known, kept, SESSION_MEMORY),
        };
      }),
    },
  ];
}

/**
 * Refunds of a legacy membership (today's member item, no payment record of ours), named by a
 * refund of today's system's session: the same policy as for our own payments. A full refund ends
 * the membership and revokes `isMember`; a partial one is recorded.
 */
function legacyRefundTransitions() {
  const record = [
    update(({ event }) => {
      const r = refundOf(event);
      return {
        refund: { amountRefunded: r.amountRefunded, full: isFullRefund(r) },
        legacyPaymentIntent: r.paymentIntent ?? undefined,
      };
    }),
    effects(({ event }): PaymentEffect[] => {
      const r = refundOf(event);
      return [{ type: 'payment.refunded', amountRefunded: r.amountRefunded, full: isFullRefund(r) }];
    }),
  ];
  return [
    { guard: isRecordedLegacyRefund, actions: mark('duplicate', 'refund_already_recorded') },
    { guard: isFullLegacyRefund, target: 'refunded', actions: [...record, revoke] },
    { guard: isLegacyRefund, actions: record },
  ];
}
