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
import { type OutcomeMarker, SESSION_MEMORY, type Timed } from '../engine/types.ts';
import { buildActivationRecords } from './records.ts';
import type { MembershipContext, MembershipEffect, MembershipEvent, MembershipSource } from './types.ts';

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
 * membership year: rejoining after a refund is an operator decision, outside this machine.
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
    PAYMENT_SUCCEEDED: [
      { guard: isSamePaidSession, actions: mark('duplicate', 'already_paid') },
      { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
      { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
      { actions: [reportRefundNeeded('second_payment'), mark('ignored', 'second_payment')] },
    ],
  },
  states: {
    none: {
      on: {
        BEGIN: { target: 'awaitingCheckout', actions: [requestIdentity, begin] },
        ADMIN_GRANT: grant(),
      },
    },
    awaitingCheckout: {
      on: {
        BEGIN: { target: 'awaitingCheckout', actions: [requestIdentity, begin] },
        OPEN_CHECKOUT: openCheckout('awaitingCheckout'),
        PAYMENT_SUCCEEDED: acceptPayment(),
        ADMIN_GRANT: grant(),
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
      },
    },
    active: {
      on: {
        CHARGE_REFUNDED: refundTransitions({
          target: 'refunded',
          actions: [
            effects(({ context }) => [
              { type: 'membership.revoke', email: context.email, membershipYear: context.membershipYear },
            ]),
          ],
        }),
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
  return [
    { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
    { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
    {
      target: 'active',
      actions: [
        update(({ event }) => ({ checkout: null, payment: paymentRecord(event) })),
        ...activate(({ context }) => context.source ?? 'Member'),
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
