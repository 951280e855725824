import fc from 'fast-check';
import { applicant, paid, scriptedIds, session } from '../../src/conformance/fixtures.ts';
import { StoreUnavailableError } from '../../src/errors.ts';
import { type AppliedMembership, applyMembershipEvent } from '../../src/membership/apply.ts';
import type { MembershipSnapshot } from '../../src/membership/step.ts';
import type { MembershipEffect, MembershipEvent, MembershipKey } from '../../src/membership/types.ts';
import { createMemoryStores, type MemoryStores } from '../../src/memory/memory-stores.ts';
import type { MembershipStore } from '../../src/ports.ts';
import { T0 } from './arbitraries.ts';

const MIN = 60_000;
const EMAIL = 'grace@ubc.ca';
const YEAR = 2026;
export const KEY: MembershipKey = { email: EMAIL, membershipYear: YEAR };

/** Sessions our checkout opens, and one that today's system opened and was paid before the switch. */
export const OUR_SESSIONS = ['cs_a', 'cs_b', 'cs_c'] as const;
export const LEGACY_SESSION = 'cs_legacy';
type OurSession = (typeof OUR_SESSIONS)[number];
type AnySession = OurSession | typeof LEGACY_SESSION;

/** What Stripe knows about a session: how it ends. Every event about it is drawn from this, so they agree. */
type Fate = 'paid' | 'asyncPaid' | 'asyncFailed' | 'expired';

/** The records the schedule starts from: today's half-written and whole memberships among them. */
export interface Start {
  user: boolean;
  isMember: boolean;
  memberItem: boolean;
}

/** One world: the starting records, each session's fate and price, and what the adapter knows of today's session. */
export interface World {
  start: Start;
  fates: Record<AnySession, Fate>;
  /** What the customer paid after promotion codes, per session (list price 1200 for ours). */
  totals: Record<AnySession, number>;
  /** Today's session was opened at this list price (1200 for UBC, 1500 otherwise). */
  legacyPrice: number;
  /** Whether the adapter passes today's price with that session's payment (it may not know it). */
  adapterKnowsLegacyPrice: boolean;
}

/** What Stripe can tell us about a session. */
type StripeFact =
  | 'payWebhook'
  | 'paySuccessPage'
  | 'pending'
  | 'failed'
  | 'expired'
  | 'refundPart'
  | 'refundFull';

/** A step of a schedule: our commands, other writers, time, and Stripe's events (delivered, maybe failing once). */
export type Step =
  | { kind: 'begin'; paymentType: 'Member' | 'UserMember' | 'OAuthMember' }
  | { kind: 'open'; session: OurSession; late: boolean }
  | { kind: 'grant' }
  | { kind: 'todayWritesMember' }
  | { kind: 'flagChange'; isMember: boolean }
  | { kind: 'tick'; ms: number }
  | { kind: 'stripe'; session: AnySession; fact: StripeFact; failFirst: boolean };

const sessionArb = fc.constantFrom<AnySession>(...OUR_SESSIONS, LEGACY_SESSION);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc
      .constantFrom('Member', 'UserMember', 'OAuthMember')
      .map((t) => ({ kind: 'begin' as const, paymentType: t as 'Member' | 'UserMember' | 'OAuthMember' })),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({ session: fc.constantFrom(...OUR_SESSIONS), late: fc.boolean() })
      .map((o) => ({ kind: 'open' as const, session: o.session, late: o.late && o.session === 'cs_c' })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'grant' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'todayWritesMember' as const }) },
  { weight: 1, arbitrary: fc.boolean().map((isMember) => ({ kind: 'flagChange' as const, isMember })) },
  { weight: 1, arbitrary: fc.constantFrom(5 * MIN, 40 * MIN).map((ms) => ({ kind: 'tick' as const, ms })) },
  {
    weight: 10,
    arbitrary: fc
      .record({
        session: sessionArb,
        fact: fc.constantFrom<StripeFact>(
          'payWebhook',
          'payWebhook',
          'paySuccessPage',
          'pending',
          'failed',
          'expired',
          'refundPart',
          'refundFull',
        ),
        failFirst: fc.boolean(),
      })
      .map((s) => ({ kind: 'stripe' as const, ...s })),
  },
);

const fateArb = fc.constantFrom<Fate>('paid', 'paid', 'asyncPaid', 'asyncFailed', 'expired');

export const worldArb: fc.Arbitrary<World> = fc.record({
  start: fc.record({ user: fc.boolean(), isMember: fc.boolean(), memberItem: fc.boolean() }),
  fates: fc.record({
    cs_a: fateArb,
    cs_b: fateArb,
    cs_c: fateArb,
    cs_legacy: fc.constant<Fate>('paid'),
  }),
  totals: fc.record({
    cs_a: fc.constantFrom(1200, 1200, 700),
    cs_b: fc.constantFrom(1200, 700),
    cs_c: fc.constant(1200),
    cs_legacy: fc.constant(0),
  }),
  legacyPrice: fc.constantFrom(1200, 1500),
  adapterKnowsLegacyPrice: fc.boolean(),
});

/**
 * A schedule: usually a purchase first (BEGIN and a checkout: a session of ours exists only after
 * them), then random steps, some delivered again later (Stripe's duplicates and retries) and some
 * swapped (out of order). Without a purchase first, Stripe speaks only of today's session.
 */
export const scheduleArb: fc.Arbitrary<{ world: World; steps: Step[] }> = fc
  .record({
    world: worldArb,
    purchaseFirst: fc.constantFrom(true, true, true, true, false),
    first: fc.constantFrom('Member', 'UserMember', 'OAuthMember'),
    firstSession: fc.constantFrom(...OUR_SESSIONS),
    base: fc.array(stepArb, { minLength: 1, maxLength: 30 }),
    dups: fc.array(fc.record({ from: fc.nat(), to: fc.nat() }), { maxLength: 8 }),
    swaps: fc.array(fc.record({ a: fc.nat(), b: fc.nat() }), { maxLength: 8 }),
  })
  .map(({ world, purchaseFirst, first, firstSession, base, dups, swaps }) => {
    const steps = base.map(
      (step): Step =>
        !purchaseFirst && step.kind === 'stripe' ? { ...step, session: LEGACY_SESSION } : step,
    );
    for (const { from, to } of dups) steps.splice(to % (steps.length + 1), 0, steps[from % steps.length]!);
    for (const { a, b } of swaps) {
      const i = a % steps.length;
      const j = b % steps.length;
      [steps[i], steps[j]] = [steps[j]!, steps[i]!];
    }
    const purchase: Step[] = [
      { kind: 'begin', paymentType: first as 'Member' | 'UserMember' | 'OAuthMember' },
      { kind: 'open', session: firstSession, late: false },
    ];
    const world2 = { ...world, totals: { ...world.totals, cs_legacy: world.legacyPrice } };
    return { world: world2, steps: purchaseFirst ? [...purchase, ...steps] : steps };
  });

/** One call of the runner that a Stripe event made, with what it returned. */
export interface Delivery {
  session: AnySession;
  event: MembershipEvent;
  result: AppliedMembership;
}

/** What a schedule did. */
export interface Outcome {
  deliveries: Delivery[];
  /** Sessions whose settled payment reached the runner at least once. */
  paidSessions: Set<AnySession>;
  /** Sessions whose full refund reached the runner (the money is back with the customer). */
  fullyRefunded: Set<AnySession>;
  final: MembershipSnapshot | undefined;
  stores: MemoryStores;
  /** Largest number of attempts one Stripe delivery needed (a failed attempt is answered 5xx and retried). */
  maxAttempts: number;
}

const fits = (fate: Fate, fact: StripeFact): boolean => {
  const pays = fate === 'paid' || fate === 'asyncPaid';
  switch (fact) {
    case 'payWebhook':
    case 'paySuccessPage':
    case 'refundPart':
    case 'refundFull':
      return pays;
    case 'pending':
      return fate === 'asyncPaid' || fate === 'asyncFailed';
    case 'failed':
      return fate === 'asyncFailed';
    case 'expired':
      return fate === 'expired';
  }
};

/**
 * A membership store whose next commit fails before writing (throttled, connection refused): the
 * delivery is answered 5xx and Stripe delivers it again.
 */
function flaky(store: MembershipStore): MembershipStore & { failNextCommit: boolean } {
  const wrapped = {
    failNextCommit: false,
    loadMembership: (k: MembershipKey) => store.loadMembership(k),
    getMember: (email: string, year: number) => store.getMember(email, year),
    getProfile: (id: string) => store.getProfile(id),
    async commitMembership(commit: Parameters<MembershipStore['commitMembership']>[0]) {
      if (wrapped.failNextCommit) {
        wrapped.failNextCommit = false;
        throw new StoreUnavailableError('throttled (injected)');
      }
      return store.commitMembership(commit);
    },
  };
  return wrapped;
}

/** The Stripe machine event a fact delivers, as the adapter builds it. */
function stripeEvent(world: World, s: AnySession, fact: StripeFact): MembershipEvent {
  const legacy = s === LEGACY_SESSION;
  const total = world.totals[s];
  const list = legacy ? world.legacyPrice : 1200;
  switch (fact) {
    case 'payWebhook':
    case 'paySuccessPage': {
      const payment = paid(s, list, { amountTotal: total, amountDiscount: list - total });
      return {
        type: 'PAYMENT_SUCCEEDED',
        payment,
        ...(fact === 'payWebhook' ? { stripeEventId: `evt_${s}_paid` } : {}),
        ...(legacy && world.adapterKnowsLegacyPrice ? { legacyListPrice: world.legacyPrice } : {}),
      };
    }
    case 'pending':
      return { type: 'PAYMENT_PENDING', stripeEventId: `evt_${s}_pending`, sessionId: s };
    case 'failed':
      return { type: 'PAYMENT_FAILED', stripeEventId: `evt_${s}_failed`, sessionId: s };
    case 'expired':
      return { type: 'CHECKOUT_EXPIRED', stripeEventId: `evt_${s}_expired`, sessionId: s };
    case 'refundPart':
    case 'refundFull':
      return {
        type: 'CHARGE_REFUNDED',
        stripeEventId: `evt_${s}_${fact}`,
        paymentIntent: `pi_${s}`,
        amountRefunded: fact === 'refundFull' ? total : Math.min(300, total),
        amountCaptured: total,
        ...(legacy ? { legacySession: true } : {}),
      };
  }
}

/** Runs a schedule through `applyMembershipEvent` on the in-memory stores, as the HTTP adapter would. */
export async function runSchedule(world: World, steps: Step[]): Promise<Outcome> {
  const stores = createMemoryStores({ membershipYear: YEAR });
  const memberships = flaky(stores.memberships);
  let now = T0;
  const deps = { ...stores, memberships, clock: { now: () => now }, ids: scriptedIds() };
  if (world.start.user) stores.seedUser({ id: EMAIL, isMember: world.start.isMember, fname: 'Grace' });
  if (world.start.memberItem)
    stores.seedMember({ id: EMAIL, firstName: 'Grace', profileID: 'TodaysOwl' }, YEAR);

  const outcome: Outcome = {
    deliveries: [],
    paidSessions: new Set(),
    fullyRefunded: new Set(),
    final: undefined,
    stores,
    maxAttempts: 1,
  };
  for (const step of steps) {
    switch (step.kind) {
      case 'tick':
        now += step.ms;
        break;
      case 'begin':
        await applyMembershipEvent(deps, KEY, {
          type: 'BEGIN',
          email: EMAIL,
          membershipYear: YEAR,
          paymentType: step.paymentType,
          applicant: applicant(EMAIL),
          priceCents: 1200,
        });
        break;
      case 'open':
        await applyMembershipEvent(deps, KEY, {
          type: 'OPEN_CHECKOUT',
          session: session(step.session, 1200, now, { expiresAt: step.late ? now : now + 31 * MIN }),
        });
        break;
      case 'grant':
        await applyMembershipEvent(deps, KEY, {
          type: 'ADMIN_GRANT',
          email: EMAIL,
          membershipYear: YEAR,
          applicant: applicant(EMAIL),
        });
        break;
      case 'todayWritesMember':
        // Today's system, still running beside us, makes the member (it never overwrites one).
        if ((await stores.memberships.getMember(EMAIL, YEAR)) === undefined) {
          stores.seedMember({ id: EMAIL, firstName: 'Grace', profileID: 'TodaysLateOwl' }, YEAR);
        }
        break;
      case 'flagChange': {
        const user = stores.inspect().users.find((u) => u.id === EMAIL);
        if (user) stores.seedUser({ ...(user as { id: string }), isMember: step.isMember });
        break;
      }
      case 'stripe': {
        if (!fits(world.fates[step.session], step.fact)) break;
        const event = stripeEvent(world, step.session, step.fact);
        // Stripe retries a 5xx: the delivery must succeed on a later attempt.
        memberships.failNextCommit = step.failFirst;
        let attempts = 0;
        let result: AppliedMembership | undefined;
        while (result === undefined) {
          attempts += 1;
          try {
            result = await applyMembershipEvent(deps, KEY, event);
          } catch (error) {
            if (!(error instanceof StoreUnavailableError) || attempts >= 3) throw error;
          }
        }
        memberships.failNextCommit = false;
        outcome.maxAttempts = Math.max(outcome.maxAttempts, attempts);
        outcome.deliveries.push({ session: step.session, event, result });
        if (event.type === 'PAYMENT_SUCCEEDED') outcome.paidSessions.add(step.session);
        if (event.type === 'CHARGE_REFUNDED' && event.amountRefunded >= event.amountCaptured) {
          outcome.fullyRefunded.add(step.session);
        }
        break;
      }
    }
  }
  outcome.final = await stores.memberships.loadMembership(KEY);
  return outcome;
}

/** The reports (`payment.refund_needed`, `payment.mismatch`) a delivery emitted about its own session. */
export function reportsOf(d: Delivery): MembershipEffect[] {
  return d.result.effects.filter(
    (e) =>
      (e.type === 'payment.refund_needed' || e.type === 'payment.mismatch') &&
      e.sessionId === d.session &&
      d.event.type === 'PAYMENT_SUCCEEDED',
  );
}
