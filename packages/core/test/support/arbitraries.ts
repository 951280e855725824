import fc from 'fast-check';
import { applicant } from '../../src/conformance/fixtures.ts';
import type { MembershipEvent } from '../../src/membership/types.ts';
import type { RegistrationEvent } from '../../src/registration/types.ts';

/** Start of every generated run. */
export const T0 = Date.UTC(2026, 0, 15, 12);
const MIN = 60_000;

// Small pools so that random runs collide: the same session, the same Stripe event id, the same intent.
const sessionIdArb = fc.constantFrom('cs_a', 'cs_b', 'cs_c', 'cs_foreign');
const stripeEventIdArb = fc.constantFrom(undefined, 'evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5');
const currencyArb = fc.constantFrom('cad', 'cad', 'cad', 'usd');

const sessionArb = (amounts: number[]) =>
  fc.record({
    id: fc.constantFrom('cs_a', 'cs_b', 'cs_c'),
    amount: fc.constantFrom(...amounts),
    expiresInMin: fc.constantFrom(31, 31, 1, 0, -5),
    currency: fc.constantFrom('cad', 'cad', 'CAD'),
  });

const paymentArb = (amounts: number[]) =>
  fc
    .record({
      sessionId: sessionIdArb,
      paymentStatus: fc.constantFrom('paid', 'paid', 'paid', 'unpaid', 'no_payment_required'),
      amountSubtotal: fc.constantFrom(...amounts),
      discount: fc.constantFrom(0, 0, 500),
      currency: currencyArb,
    })
    .map((p) => ({
      sessionId: p.sessionId,
      paymentStatus: p.paymentStatus as 'paid' | 'unpaid' | 'no_payment_required',
      amountSubtotal: p.amountSubtotal,
      amountTotal: p.amountSubtotal - p.discount,
      amountDiscount: p.discount,
      currency: p.currency,
      paymentIntent: `pi_${p.sessionId}`,
    }));

const withId = <T extends object>(e: T, id: string | undefined) => (id ? { ...e, stripeEventId: id } : e);

/** Stripe's session events, from small colliding pools; `amounts` are the list prices in play. */
const stripeEventArbs = (amounts: number[], captured: number) => [
  fc
    .record({ p: paymentArb(amounts), id: stripeEventIdArb })
    .map(({ p, id }) => withId({ type: 'PAYMENT_SUCCEEDED' as const, payment: p }, id)),
  fc
    .record({ s: sessionIdArb, id: stripeEventIdArb })
    .map(({ s, id }) => withId({ type: 'PAYMENT_PENDING' as const, sessionId: s }, id)),
  fc
    .record({ s: sessionIdArb, id: stripeEventIdArb })
    .map(({ s, id }) => withId({ type: 'PAYMENT_FAILED' as const, sessionId: s }, id)),
  fc
    .record({ s: sessionIdArb, id: stripeEventIdArb })
    .map(({ s, id }) => withId({ type: 'CHECKOUT_EXPIRED' as const, sessionId: s }, id)),
  fc
    .record({ s: sessionIdArb, amount: fc.constantFrom(300, 1000, captured), id: stripeEventIdArb })
    .map(({ s, amount, id }) =>
      withId(
        {
          type: 'CHARGE_REFUNDED' as const,
          paymentIntent: `pi_${s}`,
          amountRefunded: amount,
          amountCaptured: captured,
        },
        id,
      ),
    ),
];

const openCheckoutArb = (amounts: number[]) =>
  sessionArb(amounts).map((s) => ({
    type: 'OPEN_CHECKOUT' as const,
    // Expiry is relative to the run's clock: `atTime` fixes it when the event is applied.
    session: {
      id: s.id,
      url: `https://pay.local/${s.id}`,
      expiresAt: s.expiresInMin * MIN,
      amount: s.amount,
      currency: s.currency,
    },
  }));

// Offer ids from a small pool, so lapses collide with the open offer and with stale ones.
const offerIdArb = fc.constantFrom('offer_1', 'offer_2', 'offer_3');

/** Waitlist offers (the adapter's), their lapses, and an operator honouring a late payment. */
export const offerEventArbs = [
  fc
    .record({
      offerId: offerIdArb,
      // Relative to the run's clock, as sessions are (`atTime`): a day, minutes, already past.
      expiresInMin: fc.constantFrom(24 * 60, 24 * 60, 30, 0, -5),
      seatAvailable: fc.boolean(),
    })
    .map(({ offerId, expiresInMin, seatAvailable }) => ({
      type: 'OFFER_SEAT' as const,
      offerId,
      expiresAt: expiresInMin * MIN,
      seatAvailable,
    })),
  offerIdArb.map((offerId) => ({ type: 'OFFER_LAPSED' as const, offerId })),
  paymentArb([1999, 1500]).map((payment) => ({ type: 'HONOUR_PAYMENT' as const, payment })),
];

/** Events the webhook and the registration's users and admins can send. */
export const registrationEventArb: fc.Arbitrary<RegistrationEvent> = fc.oneof(
  ...offerEventArbs,
  fc
    .record({ open: openCheckoutArb([1999, 1999, 1500]), seat: fc.boolean() })
    .map(({ open, seat }) => ({ ...open, seatAvailable: seat })),
  ...stripeEventArbs([1999, 1500], 1999),
  fc.constantFrom('accepted', 'rejected', 'waitlist').map((decision) => ({
    type: 'DECIDE' as const,
    decision: decision as 'accepted' | 'rejected' | 'waitlist',
  })),
  fc.boolean().map((seatAvailable) => ({ type: 'CONFIRM' as const, seatAvailable })),
  fc.boolean().map((seatAvailable) => ({ type: 'PROMOTE' as const, seatAvailable })),
  fc.constant({ type: 'SEAT_UNAVAILABLE' as const }),
  fc.constant({ type: 'CHECK_IN' as const }),
  fc.constant({ type: 'CANCEL' as const }),
);

/** The first event of every registration run: free or paid, application or not, seat or not. */
export const registerArb = fc
  .record({ app: fc.boolean(), price: fc.constantFrom(0, 1999), seat: fc.boolean() })
  .map(({ app, price, seat }) => ({
    type: 'REGISTER' as const,
    email: 'Ada@UBC.ca',
    eventID: 'blueprint',
    year: 2026,
    isApplicationBased: app,
    priceCents: price,
    seatAvailable: seat,
  }));

/** Membership events from small colliding pools. */
export const membershipEventArb: fc.Arbitrary<MembershipEvent> = fc.oneof(
  fc.constantFrom('Member', 'UserMember', 'OAuthMember').map((t) => ({
    type: 'BEGIN' as const,
    email: 'grace@ubc.ca',
    membershipYear: 2026,
    paymentType: t as 'Member' | 'UserMember' | 'OAuthMember',
    applicant: applicant('grace@ubc.ca'),
    priceCents: 1200,
  })),
  openCheckoutArb([1200, 1200, 1500]),
  ...stripeEventArbs([1200, 1500], 1200),
  fc.constant({
    type: 'ADMIN_GRANT' as const,
    email: 'grace@ubc.ca',
    membershipYear: 2026,
    applicant: applicant('grace@ubc.ca'),
  }),
);

/** A step of a generated run: an event, or time passing. */
export type RunStep<E> = { kind: 'event'; event: E } | { kind: 'tick'; ms: number };

/**
 * A run: random events and clock ticks, then some of them delivered again at random later
 * points (duplicates), then some swapped (reordering).
 */
export function runArb<E>(eventArb: fc.Arbitrary<E>, maxLength = 25): fc.Arbitrary<RunStep<E>[]> {
  const stepArb: fc.Arbitrary<RunStep<E>> = fc.oneof(
    { weight: 5, arbitrary: eventArb.map((event) => ({ kind: 'event' as const, event })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(0, 5 * MIN, 40 * MIN).map((ms) => ({ kind: 'tick' as const, ms })),
    },
  );
  return fc
    .record({
      base: fc.array(stepArb, { maxLength }),
      dups: fc.array(fc.record({ from: fc.nat(), to: fc.nat() }), { maxLength: 8 }),
      swaps: fc.array(fc.record({ a: fc.nat(), b: fc.nat() }), { maxLength: 6 }),
    })
    .map(({ base, dups, swaps }) => {
      const steps = [...base];
      if (steps.length === 0) return steps;
      for (const { from, to } of dups) {
        const copy = steps[from % steps.length]!;
        steps.splice(to % (steps.length + 1), 0, copy);
      }
      for (const { a, b } of swaps) {
        const i = a % steps.length;
        const j = b % steps.length;
        [steps[i], steps[j]] = [steps[j]!, steps[i]!];
      }
      return steps;
    });
}

/** Sessions and offers in generated events carry expiry relative to the clock; this fixes it at `now`. */
export function atTime<E>(event: E, now: number): E {
  const e = event as { type: string; session?: { expiresAt: number }; expiresAt?: number };
  if (e.type === 'OPEN_CHECKOUT' && e.session) {
    return { ...event, session: { ...e.session, expiresAt: now + e.session.expiresAt } } as E;
  }
  if (e.type === 'OFFER_SEAT' && e.expiresAt !== undefined) {
    return { ...event, expiresAt: now + e.expiresAt } as E;
  }
  return event;
}
