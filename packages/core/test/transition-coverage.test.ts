import { describe, expect, test } from 'vitest';
import { applicant, paid, session } from '../src/conformance/fixtures.ts';
import { machineCandidates } from '../src/diagrams.ts';
import { membershipMachine } from '../src/membership/machine.ts';
import { type MembershipSnapshot, stepMembership } from '../src/membership/step.ts';
import type { MembershipEvent } from '../src/membership/types.ts';
import { registrationMachine } from '../src/registration/machine.ts';
import { reconcileRegistration } from '../src/registration/reconcile.ts';
import { type RegistrationSnapshot, stepRegistration } from '../src/registration/step.ts';
import type { RegistrationEvent } from '../src/registration/types.ts';
import { explore, type PaletteItem } from './support/explore.ts';

// Sessions in the palette expire 31 minutes after the moment they are opened (see `atTime`).
const open = (id: string, amount: number) => ({ ...session(id, amount, 0), expiresAt: 31 * 60_000 });
const late = (id: string, amount: number) => ({ ...session(id, amount, 0), expiresAt: 0 });
const sessionEvents = (amount: number) => [
  { type: 'PAYMENT_SUCCEEDED' as const, payment: paid('cs_a', amount) },
  { type: 'PAYMENT_SUCCEEDED' as const, payment: paid('cs_b', amount) },
  { type: 'PAYMENT_SUCCEEDED' as const, payment: paid('cs_a', amount, { paymentStatus: 'unpaid' }) },
  { type: 'PAYMENT_SUCCEEDED' as const, payment: paid('cs_a', amount, { currency: 'usd' }) },
  { type: 'PAYMENT_SUCCEEDED' as const, payment: paid('cs_foreign', amount) },
  { type: 'PAYMENT_PENDING' as const, sessionId: 'cs_a' },
  { type: 'PAYMENT_FAILED' as const, sessionId: 'cs_a' },
  { type: 'CHECKOUT_EXPIRED' as const, sessionId: 'cs_a' },
  { type: 'CHECKOUT_EXPIRED' as const, sessionId: 'cs_b' },
  { type: 'CHARGE_REFUNDED' as const, paymentIntent: 'pi_cs_a', amountRefunded: 500, amountCaptured: amount },
  {
    type: 'CHARGE_REFUNDED' as const,
    paymentIntent: 'pi_cs_a',
    amountRefunded: amount,
    amountCaptured: amount,
  },
  {
    type: 'CHARGE_REFUNDED' as const,
    paymentIntent: 'pi_other',
    amountRefunded: amount,
    amountCaptured: amount,
  },
];

const registrationPalette: PaletteItem<RegistrationEvent>[] = [
  ...[true, false].flatMap((isApplicationBased) =>
    [0, 1999].flatMap((priceCents) =>
      [true, false].map((seatAvailable) => ({
        type: 'REGISTER' as const,
        email: 'ada@ubc.ca',
        eventID: 'blueprint',
        year: 2026,
        isApplicationBased,
        priceCents,
        seatAvailable,
      })),
    ),
  ),
  { type: 'OPEN_CHECKOUT', session: open('cs_a', 1999), seatAvailable: true },
  { type: 'OPEN_CHECKOUT', session: open('cs_a', 1999), seatAvailable: false },
  { type: 'OPEN_CHECKOUT', session: open('cs_b', 1999), seatAvailable: true },
  { type: 'OPEN_CHECKOUT', session: late('cs_c', 1999), seatAvailable: true },
  { type: 'SEAT_UNAVAILABLE' },
  ...sessionEvents(1999),
  { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_a', 1999, { amountSubtotal: 1500 }) },
  // A session today's system opened, paid after the switch, at today's price and at another.
  { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_legacy', 1999), legacyListPrice: 1999 },
  { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_legacy', 1999), legacyListPrice: 2500 },
  // A refund with no payment intent (nothing to match it with).
  { type: 'CHARGE_REFUNDED', paymentIntent: null, amountRefunded: 1999, amountCaptured: 1999 },
  ...(['accepted', 'rejected', 'waitlist'] as const).map((decision) => ({
    type: 'DECIDE' as const,
    decision,
  })),
  { type: 'CONFIRM', seatAvailable: true },
  { type: 'CONFIRM', seatAvailable: false },
  { type: 'PROMOTE', seatAvailable: true },
  { type: 'PROMOTE', seatAvailable: false },
  { type: 'CHECK_IN' },
  { type: 'CANCEL' },
  { type: 'tick' },
  // Another service resets a paid place to payable (an admin's edit): the runner reconciles it.
  ...(['incomplete', 'waitlist'] as const).map((registrationStatus) => ({
    type: 'outside' as const,
    apply: (s: never) => reconcileRegistration(s as RegistrationSnapshot, { registrationStatus }),
  })),
];

// Offers and honoured payments are explored apart, with applications that only ever reach the
// waitlist: added to the palette above, the breadth-first search would run out of its state budget
// before the deepest refund paths of accepted applications.
const offerPalette: PaletteItem<RegistrationEvent>[] = [
  // Applications only reach the waitlist (where they are never offered, but may be honoured).
  ...registrationPalette.filter(
    (item) => !(item.type === 'DECIDE' && item.decision !== 'waitlist') && item.type !== 'CONFIRM',
  ),
  // Waitlist offers (expiry relative to the moment they are made, see `atTime`): one that lapses
  // before the next tick (made again while open, it is the second offer), one without a seat, one
  // already past; the open offer's lapse and a stale one.
  { type: 'OFFER_SEAT', offerId: 'offer_1', expiresAt: 35 * 60_000, seatAvailable: true },
  { type: 'OFFER_SEAT', offerId: 'offer_1', expiresAt: 35 * 60_000, seatAvailable: false },
  { type: 'OFFER_SEAT', offerId: 'offer_2', expiresAt: 0, seatAvailable: true },
  { type: 'OFFER_LAPSED', offerId: 'offer_1' },
  { type: 'OFFER_LAPSED', offerId: 'offer_2' },
  // An operator honours a late payment (and one Stripe has not settled).
  { type: 'HONOUR_PAYMENT', payment: paid('cs_late', 1999) },
  { type: 'HONOUR_PAYMENT', payment: paid('cs_late', 1999, { paymentStatus: 'unpaid' }) },
];

const membershipPalette: PaletteItem<MembershipEvent>[] = [
  ...(['Member', 'UserMember', 'OAuthMember'] as const).map((paymentType) => ({
    type: 'BEGIN' as const,
    email: 'grace@ubc.ca',
    membershipYear: 2026,
    paymentType,
    applicant: applicant('grace@ubc.ca'),
    priceCents: 1200,
  })),
  { type: 'OPEN_CHECKOUT', session: open('cs_a', 1200) },
  { type: 'OPEN_CHECKOUT', session: open('cs_b', 1200) },
  { type: 'OPEN_CHECKOUT', session: late('cs_c', 1200) },
  ...sessionEvents(1200),
  { type: 'ADMIN_GRANT', email: 'grace@ubc.ca', membershipYear: 2026, applicant: applicant('grace@ubc.ca') },
  { type: 'tick' },
  // Memberships today's system sold: its member item found, its session paid and refunded.
  ...[true, false].map((repairUser) => ({
    type: 'MEMBER_RECORD_FOUND' as const,
    email: 'grace@ubc.ca',
    membershipYear: 2026,
    repairUser,
    profileID: 'WiseOwlsRead',
  })),
  // (The legacy session's payment intent is cs_a's, so the legacy refunds add few states to explore.)
  {
    type: 'PAYMENT_SUCCEEDED',
    payment: paid('cs_legacy', 1200, { paymentIntent: 'pi_cs_a' }),
    legacyListPrice: 1200,
  },
  { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_b', 1200, { paymentStatus: 'unpaid' }) },
  ...[500, 1200].map((amountRefunded) => ({
    type: 'CHARGE_REFUNDED' as const,
    paymentIntent: 'pi_cs_a',
    amountRefunded,
    amountCaptured: 1200,
    legacySession: true,
  })),
  { type: 'CHARGE_REFUNDED', paymentIntent: null, amountRefunded: 1200, amountCaptured: 1200 },
];

// A coarse projection: what the guards read, without the idempotency memory (which only grows).
const registrationKey = (s: RegistrationSnapshot) =>
  JSON.stringify([s.value, { ...s.context, processedKeys: [] }]);
const membershipKey = (s: MembershipSnapshot) =>
  JSON.stringify([
    s.value,
    {
      ...s.context,
      processedKeys: [],
      activatedAt: null,
      profileID: null,
      // Which refunds wait for their payment matters to the guards, not the order they came in.
      earlyRefunds: [...(s.context.earlyRefunds ?? [])].sort((a, b) =>
        a.paymentIntent.localeCompare(b.paymentIntent),
      ),
    },
  ]);

describe('model-based exploration reaches every state and every candidate transition', () => {
  test('registration machine', () => {
    const explored = [registrationPalette, offerPalette].map((palette) =>
      explore({ machine: registrationMachine, step: stepRegistration, palette, keyOf: registrationKey }),
    );
    const covered = new Set(explored.flatMap((e) => [...e.covered]));
    const states = new Set(explored.flatMap((e) => [...e.states]));
    const uncovered = machineCandidates(registrationMachine).filter((c) => !covered.has(c.id));
    expect(uncovered.map((c) => c.id)).toEqual([]);
    expect([...states].sort()).toEqual(Object.keys(registrationMachine.root.states).sort());
    // Two breadth-first searches of up to 20,000 states each: seconds alone, longer on a loaded machine.
  }, 240_000);

  // About 10,000 distinct snapshots: seconds on a free core, more on a shared one.
  test('membership machine', () => {
    const { covered, states } = explore({
      machine: membershipMachine,
      step: stepMembership,
      palette: membershipPalette,
      keyOf: membershipKey,
    });
    const uncovered = machineCandidates(membershipMachine).filter((c) => !covered.has(c.id));
    expect(uncovered.map((c) => c.id)).toEqual([]);
    expect([...states].sort()).toEqual(Object.keys(membershipMachine.root.states).sort());
  }, 120_000);
});
