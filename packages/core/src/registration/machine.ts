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
import type { KnownSession } from '../checkout/types.ts';
import { type OutcomeMarker, SESSION_MEMORY, type Timed } from '../engine/types.ts';
import {
  closedOffer,
  hasOpenOffer,
  honourPayment,
  offerPastDeadline,
  offerSeat,
  offerTransitions,
} from './offer-rules.ts';
import {
  isFullRefund,
  isPartlyRefundedBeforePayment,
  isRefundedBeforePayment,
  isRefundWithoutPayment,
  keepEarlyRefund,
  paidAndRefunded,
  recordLegacyRefund,
  reportEarlyRefund,
} from './refund-rules.ts';
import type { RegistrationContext, RegistrationEffect, RegistrationEvent } from './types.ts';

/** The registration machine's events, stamped with the step's clock. */
export type RegistrationMachineEvent = Timed<RegistrationEvent>;
type EventOf<T extends RegistrationEvent['type']> = Timed<Extract<RegistrationEvent, { type: T }>>;
type Args = { context: RegistrationContext; event: RegistrationMachineEvent };

/** An empty registration; REGISTER (or the legacy loader) fills it. */
export const EMPTY_REGISTRATION_CONTEXT: RegistrationContext = {
  email: '',
  eventID: '',
  year: 0,
  isApplicationBased: false,
  priceCents: 0,
  applicationStatus: '',
  checkout: null,
  sessions: [],
  attempts: 0,
  seat: 'none',
  payment: null,
  refund: null,
  processedKeys: [],
};

// Events narrowed by type, for guards and params that the machine only wires to that event.
const as = <T extends RegistrationEvent['type']>(event: RegistrationMachineEvent, _type: T) =>
  event as EventOf<T>;

// --- action builders: every action is data (`effects`, `outcome`) or a context update (`update`).
// Typed to this machine; the payment rules both machines share live in `checkout/payment-rules.ts`.
const effects = (f: (a: Args) => RegistrationEffect[]) => ({ type: 'effects' as const, params: f });
const effect = (e: RegistrationEffect) => effects(() => [e]);
const update = (f: (a: Args) => Partial<RegistrationContext>) => ({ type: 'update' as const, params: f });

const seatAvailable = ({ event }: Args) => (event as { seatAvailable?: boolean }).seatAvailable === true;
const releaseSeat = effects(({ context }) => (context.seat !== 'none' ? [{ type: 'seat.release' }] : []));
/** Paying an older session leaves the current one payable: expire it so nobody pays twice. */
const expireOtherCheckout = effects(({ context, event }) =>
  context.checkout !== null && context.checkout.id !== as(event, 'PAYMENT_SUCCEEDED').payment.sessionId
    ? [{ type: 'checkout.expire', sessionId: context.checkout.id }]
    : [],
);
/** Drops the early refund a payment met (it now has its owner). */
const consumeEarlyRefund = update(({ context, event }) => {
  const pi = as(event, 'PAYMENT_SUCCEEDED').payment.paymentIntent;
  return { earlyRefunds: (context.earlyRefunds ?? []).filter((r) => r.paymentIntent !== pi) };
});
const freeFulfilment = (status: 'registered' | 'acceptedComplete') =>
  effect({ type: 'registration.fulfilled', status, sessionId: null, amountTotal: 0, amountDiscount: 0 });

// --- OPEN_CHECKOUT helpers, shared by the payable states and the waitlist.
const newSession = (event: RegistrationMachineEvent) => as(event, 'OPEN_CHECKOUT').session;
/** The record's session list with the new session remembered (bounded). */
const known = ({ context, event }: Args): KnownSession[] =>
  remember(
    context.sessions,
    {
      id: newSession(event).id,
      amount: newSession(event).amount,
      currency: newSession(event).currency.toLowerCase(),
    },
    SESSION_MEMORY,
  );
const expireNewcomer = effects(({ event }) => [{ type: 'checkout.expire', sessionId: newSession(event).id }]);
const isKnownSession = ({ context, event }: Args) =>
  context.sessions.some((s) => s.id === newSession(event).id);
const isExpiredSession = ({ event }: Args) => event.now >= newSession(event).expiresAt;
/** Records the new session as the current checkout, holding a seat if the record has none. */
const holdForCheckout = [
  effects(({ context }) => (context.seat === 'none' ? [{ type: 'seat.hold' }] : [])),
  update((a) => ({
    checkout: { ...newSession(a.event), currency: newSession(a.event).currency.toLowerCase() },
    sessions: known(a),
    attempts: a.context.attempts + 1,
    seat: 'held',
    // The price is the one of the session being paid: computed when it was created.
    priceCents: newSession(a.event).amount,
  })),
];

/**
 * The registration lifecycle of one (email, eventID, year), as an XState v5 machine. It is only
 * ever run through the pure engine (`stepRegistration`): `effects` actions carry effect data for
 * adapters, `outcome` actions carry the machine's verdict; nothing executes.
 *
 * States map one-to-one onto today's `registrationStatus` strings (see `registrationStatusOf`),
 * plus `unregistered` (no record yet) and `reviewing` (an application under review).
 */
export const registrationMachine = setup({
  types: {
    context: {} as RegistrationContext,
    events: {} as RegistrationMachineEvent,
  },
  actions: {
    update: assign((_, params: Partial<RegistrationContext>) => params),
    effects: (_, _params: RegistrationEffect[]) => {},
    outcome: (_, _params: OutcomeMarker) => {},
  },
}).createMachine({
  id: 'registration',
  initial: 'unregistered',
  context: EMPTY_REGISTRATION_CONTEXT,
  // Stripe events that find nothing to do in the current state are ignored, never errors.
  on: {
    ...ignoredStripeEvents,
    // A refund may arrive before its payment: kept until the payment lands.
    CHARGE_REFUNDED: [...keepEarlyRefund(), { actions: mark('ignored', 'not_paid') }],
    PAYMENT_SUCCEEDED: [
      { guard: isSamePaidSession, actions: mark('duplicate', 'already_paid') },
      { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
      { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
      // Money that was refunded before it arrived has its owner already: nothing to refund again.
      {
        guard: isRefundedBeforePayment,
        actions: [reportEarlyRefund, consumeEarlyRefund, mark('ignored', 'refunded_before_payment')],
      },
      // Our own session, paid a second time (two tabs), or paid after the place was given up.
      {
        guard: ({ context }) => context.payment !== null,
        actions: [reportRefundNeeded('second_payment'), mark('ignored', 'second_payment')],
      },
      { actions: [reportRefundNeeded('not_payable'), mark('rejected', 'not_payable')] },
    ],
    // Offers and honoured payments only concern the states that handle them (see offer-rules.ts).
    OFFER_SEAT: { actions: mark('ignored', 'not_waitlisted') },
    OFFER_LAPSED: { actions: mark('ignored', 'stale_offer') },
    HONOUR_PAYMENT: { actions: mark('rejected', 'not_honourable') },
  },
  states: {
    unregistered: {
      on: {
        REGISTER: [
          {
            guard: ({ event }) => event.isApplicationBased,
            target: 'reviewing',
            actions: update(({ event }) => ({ ...registrant(event), applicationStatus: 'reviewing' })),
          },
          {
            guard: ({ event }) => event.priceCents <= 0 && event.seatAvailable,
            target: 'registered',
            actions: [
              update(({ event }) => ({ ...registrant(event), seat: 'used' })),
              effect({ type: 'seat.take', enforceCapacity: true }),
              freeFulfilment('registered'),
            ],
          },
          // A paid registration with no seat in sight never gets a checkout: nobody pays into a waitlist.
          {
            guard: ({ event }) => event.priceCents > 0 && event.seatAvailable,
            target: 'incomplete',
            actions: update(({ event }) => registrant(event)),
          },
          { target: 'waitlist', actions: update(({ event }) => registrant(event)) },
        ],
      },
    },
    reviewing: {
      on: { DECIDE: decide('reviewing'), CANCEL: { target: 'cancelled' } },
    },
    incomplete: payable('registered'),
    accepted: payable('acceptedComplete'),
    acceptedPending: {
      on: {
        CONFIRM: [
          {
            guard: seatAvailable,
            target: 'acceptedComplete',
            actions: [
              update(() => ({ seat: 'used' })),
              effect({ type: 'seat.take', enforceCapacity: true }),
              freeFulfilment('acceptedComplete'),
            ],
          },
          { target: 'waitlist', actions: update(() => ({ applicationStatus: 'waitlist' })) },
        ],
        CANCEL: { target: 'cancelled' },
      },
    },
    registered: confirmedPlace(),
    acceptedComplete: confirmedPlace(),
    waitlist: {
      on: {
        PROMOTE: [
          // Applications leave the waitlist by an admin's decision, which knows about payment.
          { guard: ({ context }) => context.isApplicationBased, actions: mark('rejected', 'use_decide') },
          {
            guard: ({ context, event }) => context.priceCents <= 0 && event.seatAvailable,
            target: 'registered',
            actions: [
              update(() => ({ seat: 'used' })),
              effect({ type: 'seat.take', enforceCapacity: true }),
              freeFulfilment('registered'),
            ],
          },
          { guard: ({ context }) => context.priceCents > 0, target: 'incomplete' },
          { actions: mark('rejected', 'event_full') },
        ],
        DECIDE: decide('waitlist'),
        CANCEL: { target: 'cancelled' },
        OPEN_CHECKOUT: checkoutFromWaitlist(),
        PAYMENT_SUCCEEDED: acceptPayment('waitlist'),
        OFFER_SEAT: offerSeat(),
        HONOUR_PAYMENT: honourPayment(),
      },
    },
    rejected: {
      on: { DECIDE: decide('rejected'), CANCEL: { target: 'cancelled' } },
    },
    checkedIn: {
      // After check-in a refund is only recorded, whoever took the payment.
      on: {
        CHARGE_REFUNDED: [
          { guard: isRefundWithoutPayment, actions: recordLegacyRefund },
          ...keepEarlyRefund(),
          ...refundTransitions<never>(),
        ],
      },
    },
    cancelled: {
      // A cancelled place may still be paid (an open tab): its refund may come first; an operator
      // may honour such a payment.
      on: {
        CHARGE_REFUNDED: [...keepEarlyRefund(), ...refundTransitions<never>()],
        HONOUR_PAYMENT: honourPayment(),
      },
    },
  },
});

function registrant(registration: RegistrationMachineEvent): Partial<RegistrationContext> {
  const event = as(registration, 'REGISTER');
  return {
    email: event.email.toLowerCase(),
    eventID: event.eventID,
    year: event.year,
    isApplicationBased: event.isApplicationBased,
    priceCents: event.priceCents,
    applicationStatus: '',
  };
}

/**
 * An admin's decision on an application, from `reviewing`, `rejected` or `waitlist`. The decision
 * a state already stands for changes nothing; a capacity waitlist (not an application) is promoted,
 * never decided.
 */
function decide(from: 'reviewing' | 'rejected' | 'waitlist') {
  const decision = (event: RegistrationMachineEvent) => as(event, 'DECIDE').decision;
  const to = (d: 'rejected' | 'waitlist') =>
    from === d
      ? { guard: ({ event }: Args) => decision(event) === d, actions: mark('rejected', 'same_decision') }
      : {
          guard: ({ event }: Args) => decision(event) === d,
          target: d,
          actions: update(() => ({ applicationStatus: d })),
        };
  return [
    ...(from === 'waitlist'
      ? [
          {
            guard: ({ context }: Args) => !context.isApplicationBased,
            actions: mark('rejected', 'not_an_application'),
          },
        ]
      : []),
    {
      guard: ({ context, event }: Args) => decision(event) === 'accepted' && context.priceCents > 0,
      target: 'accepted',
      actions: update(() => ({ applicationStatus: 'accepted' })),
    },
    {
      guard: ({ event }: Args) => decision(event) === 'accepted',
      target: 'acceptedPending',
      actions: update(() => ({ applicationStatus: 'accepted' })),
    },
    to('rejected'),
    // The last candidate is unguarded so a decision never falls through to another handler.
    { ...to('waitlist'), guard: undefined },
  ];
}

/**
 * A matching payment where money is expected. `'waitlist'` accepts money that lands on a
 * waitlisted registration (a session paid just before it was withdrawn): we overbook rather
 * than keep money for a place we do not give.
 */
function acceptPayment(from: 'registered' | 'acceptedComplete' | 'waitlist') {
  const accept = (status: 'registered' | 'acceptedComplete') => ({
    target: status,
    actions: [
      expireOtherCheckout,
      effects(({ context }) =>
        context.seat === 'none' ? [{ type: 'seat.take', enforceCapacity: false }] : [],
      ),
      update(({ context, event }) => {
        return {
          ...closedOffer(context),
          checkout: null,
          seat: 'used',
          applicationStatus: context.isApplicationBased ? 'accepted' : context.applicationStatus,
          payment: paymentRecord(event),
        };
      }),
      effects(({ context }) => [
        {
          type: 'registration.fulfilled',
          status,
          sessionId: context.payment?.sessionId ?? null,
          amountTotal: context.payment?.amountTotal ?? 0,
          amountDiscount: context.payment?.amountDiscount ?? 0,
        },
      ]),
    ],
  });
  // A refund that came first for part of the payment: the place is confirmed and the refund recorded.
  const acceptWith = (status: 'registered' | 'acceptedComplete', only?: (a: Args) => boolean) => {
    const c = accept(status);
    const when =
      (guard?: (a: Args) => boolean) =>
      (a: Args): boolean =>
        (only === undefined || only(a)) && (guard === undefined || guard(a));
    return [
      {
        guard: when(isPartlyRefundedBeforePayment),
        target: c.target,
        actions: [...c.actions, reportEarlyRefund, update((a) => paidAndRefunded(a, paymentRecord(a.event)))],
      },
      { ...c, guard: when() },
    ];
  };
  const accepting =
    from === 'waitlist'
      ? [
          ...acceptWith('acceptedComplete', ({ context }) => context.isApplicationBased),
          ...acceptWith('registered'),
        ]
      : acceptWith(from);
  return [
    { guard: isUnsettled, actions: mark('ignored', 'awaiting_async_payment') },
    { guard: isMismatch, actions: [reportMismatch, mark('rejected', 'payment_mismatch')] },
    // Already paid by another session (a status written around us made it payable again): the
    // recorded payment keeps its place, this money is refunded.
    {
      guard: (a: Args) => a.context.payment !== null && isRefundedBeforePayment(a),
      actions: [reportEarlyRefund, consumeEarlyRefund, mark('ignored', 'refunded_before_payment')],
    },
    {
      guard: ({ context }: Args) => context.payment !== null,
      actions: [reportRefundNeeded('second_payment'), mark('ignored', 'second_payment')],
    },
    // Its full refund came first: the place is not confirmed, and the held seat goes back.
    {
      guard: isRefundedBeforePayment,
      target: 'cancelled',
      actions: [
        expireOtherCheckout,
        releaseSeat,
        // Reported before the update, which consumes the early refund it reads.
        reportEarlyRefund,
        update((a) => ({ ...paidAndRefunded(a, paymentRecord(a.event)), checkout: null, seat: 'none' })),
      ],
    },
    ...accepting,
  ];
}

/**
 * A waitlisted paid registration (not an application: those leave by decision) may check out
 * once a seat is free; the adapter decides whose turn it is, the store's conditional hold
 * settles races. Without a seat the new session is expired and the registration stays.
 */
function checkoutFromWaitlist() {
  return [
    { guard: isKnownSession, actions: mark('duplicate', 'known_session') },
    { guard: isExpiredSession, actions: mark('rejected', 'session_expired') },
    {
      guard: ({ context }: Args) => context.isApplicationBased,
      actions: [expireNewcomer, update((a) => ({ sessions: known(a) })), mark('rejected', 'use_decide')],
    },
    { guard: seatAvailable, target: 'incomplete', actions: holdForCheckout },
    {
      actions: [
        expireNewcomer,
        update((a) => ({ sessions: known(a), attempts: a.context.attempts + 1 })),
        mark('rejected', 'event_full'),
      ],
    },
  ];
}

/**
 * A state waiting for payment: `incomplete` (plain paid event) or `accepted` (paid application).
 * Only `incomplete` takes part in waitlist offers and honoured payments (applications are never
 * offered a seat), so only it gets their transitions.
 */
function payable(onPaid: 'registered' | 'acceptedComplete') {
  const offers = onPaid === 'registered';
  const rejectNewcomer = [
    expireNewcomer,
    update((a) => ({ sessions: known(a), attempts: a.context.attempts + 1 })),
  ];
  return {
    on: {
      OPEN_CHECKOUT: [
        { guard: isKnownSession, actions: mark('duplicate', 'known_session') },
        { guard: isExpiredSession, actions: mark('rejected', 'session_expired') },
        ...(offers
          ? [{ guard: offerPastDeadline, actions: [...rejectNewcomer, mark('rejected', 'offer_lapsed')] }]
          : []),
        {
          // Two live checkouts would let one person pay twice: keep the live one, expire the newcomer.
          guard: ({ context, event }: Args) => isLive(context.checkout, event.now),
          // Every recorded session counts as an attempt, so the next session create uses a new idempotency key.
          actions: [...rejectNewcomer, mark('rejected', 'checkout_live')],
        },
        {
          guard: ({ context, event }: Args) => context.seat !== 'none' || seatAvailable({ context, event }),
          actions: holdForCheckout,
        },
        {
          target: 'waitlist',
          actions: [
            expireNewcomer,
            update((a) => ({
              sessions: known(a),
              attempts: a.context.attempts + 1,
              applicationStatus: a.context.isApplicationBased ? 'waitlist' : a.context.applicationStatus,
            })),
          ],
        },
      ],
      SEAT_UNAVAILABLE: [
        // A registration that already holds a seat keeps it; it is not the one that makes the event full.
        { guard: ({ context }: Args) => context.seat !== 'none', actions: mark('rejected', 'seat_held') },
        {
          target: 'waitlist',
          actions: update(({ context }) => ({
            applicationStatus: context.isApplicationBased ? 'waitlist' : context.applicationStatus,
          })),
        },
      ],
      PAYMENT_SUCCEEDED: acceptPayment(onPaid),
      CHECKOUT_EXPIRED: endCheckout(offers),
      PAYMENT_FAILED: endCheckout(offers),
      CANCEL: {
        target: 'cancelled',
        actions: [
          expireCurrentCheckout,
          releaseSeat,
          update(({ context }) => ({ ...closedOffer(context), checkout: null, seat: 'none' })),
        ],
      },
      ...(offers ? { ...offerTransitions(), HONOUR_PAYMENT: honourPayment(false) } : {}),
    },
  };
}

/**
 * Expiry or an async failure of the current session: back to needing payment, seat released. An
 * offered seat stays held for the offer's whole life (a checkout lives 31 minutes, an offer hours):
 * only the checkout goes.
 */
function endCheckout(offers: boolean) {
  return [
    ...(offers
      ? [
          {
            guard: (a: Args) => isCurrentSession(a) && hasOpenOffer(a),
            actions: update(() => ({ checkout: null })),
          },
        ]
      : []),
    { guard: isCurrentSession, actions: [releaseSeat, update(() => ({ checkout: null, seat: 'none' }))] },
    { actions: mark('ignored', 'not_current_session') },
  ];
}

/** `registered` or `acceptedComplete`: a confirmed place at the event. */
function confirmedPlace() {
  return {
    on: {
      CHECK_IN: { target: 'checkedIn' },
      CANCEL: { target: 'cancelled', actions: [releaseSeat, update(() => ({ seat: 'none' }))] },
      // A full refund cancels a confirmed place; after check-in or cancellation it is only recorded.
      // With no payment of ours, the refund is of a payment today's system took: the same policy.
      CHARGE_REFUNDED: [
        {
          guard: (a: Args) => isRefundWithoutPayment(a) && isFullRefund(a),
          target: 'cancelled',
          actions: [...recordLegacyRefund, releaseSeat, update(() => ({ seat: 'none' }))],
        },
        { guard: isRefundWithoutPayment, actions: recordLegacyRefund },
        ...keepEarlyRefund(),
        ...refundTransitions({
          target: 'cancelled',
          actions: [releaseSeat, update(() => ({ seat: 'none' }))],
        }),
      ],
    },
  };
}
