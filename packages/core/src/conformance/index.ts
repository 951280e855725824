import { describe, expect, test } from 'vitest';
import { VersionConflictError } from '../errors.ts';
import { applyMembershipEvent } from '../membership/apply.ts';
import type { OperationsStore } from '../operations/types.ts';
import type {
  EventRecord,
  EventStore,
  IdGenerator,
  MembershipStore,
  RegistrationStore,
  UserStore,
  UserSummary,
} from '../ports.ts';
import { applyRegistrationEvent } from '../registration/apply.ts';
import type { LegacyRegistration } from '../registration/legacy.ts';
import type { RegistrationKey } from '../registration/types.ts';
import { applicant, manualClock, paid, paidEvent, scriptedIds, session } from './fixtures.ts';
import { membershipEdgeTests } from './membership-edges.ts';
import { operationsTests } from './operations-tests.ts';
import { registrationEdgeTests } from './registration-edges.ts';

export * from './fixtures.ts';

/** What a store implementation hands the conformance suite: the ports plus a way to seed today's records. */
export interface ConformanceHarness {
  registrations: RegistrationStore;
  memberships: MembershipStore;
  events: EventStore;
  users: UserStore;
  operations: OperationsStore;
  seedEvent(event: EventRecord): Promise<void> | void;
  seedUser(user: UserSummary & Record<string, unknown>): Promise<void> | void;
  seedLegacyRegistration(item: LegacyRegistration & Record<string, unknown>): Promise<void> | void;
  /** Puts a member item into `biztechMembers<membershipYear>`, as today's system writes it. */
  seedMember(member: { id: string } & Record<string, unknown>, membershipYear: number): Promise<void> | void;
  /** Changes an item's status strings the way another BizTech service does (the check-in tool). */
  overwriteStatuses(
    key: RegistrationKey,
    statuses: { registrationStatus: string; applicationStatus?: string },
  ): Promise<void> | void;
}

/**
 * The shared test suite every store implementation must pass (compare Auth.js's adapter tests):
 * conditional writes, duplicate events, capacity, legacy items, all-or-nothing activation.
 * Call it inside a test file; each test asks `factory` for fresh, empty stores.
 *
 * @example
 * ```ts
 * import { runStoreConformance } from '@biztech/payments-core/conformance';
 * runStoreConformance('dynamo', async () => createHarness(await freshTables()));
 * ```
 */
export function runStoreConformance(
  name: string,
  factory: () => Promise<ConformanceHarness> | ConformanceHarness,
) {
  const key: RegistrationKey = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 };
  const register = (email = key.email, seatAvailable = true) => ({
    type: 'REGISTER' as const,
    email,
    eventID: key.eventID,
    year: key.year,
    isApplicationBased: false,
    priceCents: 1999,
    seatAvailable,
  });
  const setup = async (event: EventRecord = paidEvent(), ids: IdGenerator = scriptedIds()) => {
    const h = await factory();
    await h.seedEvent(event);
    const clock = manualClock();
    return { h, clock, deps: { ...h, clock, ids } };
  };

  describe(`store conformance: ${name}`, () => {
    test("a new registration is stored with today's status strings and its form", async () => {
      const { h, deps } = await setup();
      const r = await applyRegistrationEvent(deps, key, register(), {
        form: { fname: 'Ada', dynamicResponses: { q1: 'yes' } },
      });
      expect(r.outcome).toBe('applied');
      const loaded = await h.registrations.loadRegistration(key);
      expect(loaded).toMatchObject({ kind: 'snapshot', snapshot: r.snapshot });
      const form = await h.registrations.getRegistrationForm(key);
      expect(form).toMatchObject({
        fname: 'Ada',
        dynamicResponses: { q1: 'yes' },
        registrationStatus: 'incomplete',
        applicationStatus: '',
      });
    });

    test('a commit against a stale version is refused and changes nothing', async () => {
      const { h, deps, clock } = await setup();
      const first = await applyRegistrationEvent(deps, key, register());
      const stale = { ...first.snapshot, version: first.snapshot.version + 1, value: 'cancelled' };
      const audit = {
        at: clock.now(),
        event: 'CANCEL',
        from: 'incomplete',
        to: 'cancelled',
        outcome: 'applied' as const,
        effects: [],
      };
      await expect(
        h.registrations.commitRegistration({
          key,
          expected: { exists: true, version: 99 },
          next: stale,
          effects: [],
          audit,
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      await expect(
        h.registrations.commitRegistration({
          key,
          expected: { exists: false, version: 0 },
          next: stale,
          effects: [],
          audit,
        }),
      ).rejects.toBeInstanceOf(VersionConflictError);
      expect(await h.registrations.loadRegistration(key)).toMatchObject({
        kind: 'snapshot',
        snapshot: first.snapshot,
      });
    });

    test('checkoutLink is the live session URL and disappears when the session expires', async () => {
      const { h, deps, clock } = await setup();
      await applyRegistrationEvent(deps, key, register());
      const s = session('cs_conf_1', 1999, clock.now());
      await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
      expect((await h.registrations.getRegistrationForm(key))?.checkoutLink).toBe(s.url);
      expect(await h.events.seatsTaken(key.eventID, key.year)).toBe(1);
      const expired = await applyRegistrationEvent(deps, key, {
        type: 'CHECKOUT_EXPIRED',
        stripeEventId: 'evt_conf_exp',
        sessionId: s.id,
      });
      expect(expired.outcome).toBe('applied');
      expect((await h.registrations.getRegistrationForm(key))?.checkoutLink).toBeUndefined();
      expect(await h.events.seatsTaken(key.eventID, key.year)).toBe(0);
    });

    test('the same Stripe event is applied once, even from concurrent callers', async () => {
      const { h, deps, clock } = await setup();
      await applyRegistrationEvent(deps, key, register());
      const s = session('cs_conf_2', 1999, clock.now());
      await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
      const event = {
        type: 'PAYMENT_SUCCEEDED' as const,
        stripeEventId: 'evt_conf_paid',
        payment: paid(s.id, 1999),
      };
      const results = await Promise.all(
        Array.from({ length: 10 }, () => applyRegistrationEvent(deps, key, event)),
      );
      expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(1);
      expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(9);
      expect(
        results
          .flatMap((r) => (r.committed ? r.effects : []))
          .filter((e) => e.type === 'registration.fulfilled'),
      ).toHaveLength(1);
      const loaded = await h.registrations.loadRegistration(key);
      expect(loaded?.kind === 'snapshot' && loaded.snapshot.value).toBe('registered');
      expect(await h.events.seatsTaken(key.eventID, key.year)).toBe(1);
    });

    test('a seat that does not fit waitlists the registration instead of opening a checkout', async () => {
      const { h, deps, clock } = await setup(paidEvent({ capac: 1 }));
      const other = { ...key, email: 'bob@ubc.ca' };
      await applyRegistrationEvent(deps, key, register());
      await applyRegistrationEvent(deps, other, register(other.email));
      const first = await applyRegistrationEvent(deps, key, {
        type: 'OPEN_CHECKOUT',
        session: session('cs_conf_a', 1999, clock.now()),
        seatAvailable: true,
      });
      const second = await applyRegistrationEvent(deps, other, {
        type: 'OPEN_CHECKOUT',
        session: session('cs_conf_b', 1999, clock.now()),
        seatAvailable: true,
      });
      expect(first.snapshot.value).toBe('incomplete');
      expect(second.snapshot.value).toBe('waitlist');
      expect(second.effects).toEqual([{ type: 'checkout.expire', sessionId: 'cs_conf_b' }]);
      expect(await h.events.seatsTaken(key.eventID, key.year)).toBe(1);
    });

    test('a legacy registration loads, transitions, and keeps its form', async () => {
      const { h, deps } = await setup();
      await h.seedLegacyRegistration({
        id: key.email,
        'eventID;year': 'blueprint;2026',
        registrationStatus: 'registered',
        applicationStatus: '',
        fname: 'Ada',
      });
      const loaded = await h.registrations.loadRegistration(key);
      expect(loaded?.kind).toBe('legacy');
      const r = await applyRegistrationEvent(deps, key, { type: 'CHECK_IN' });
      expect(r.outcome).toBe('applied');
      expect(await h.registrations.getRegistrationForm(key)).toMatchObject({
        fname: 'Ada',
        registrationStatus: 'checkedIn',
      });
    });

    test('a status another service wrote wins over the snapshot and is not written back', async () => {
      const { h, deps, clock } = await setup();
      await applyRegistrationEvent(deps, key, register());
      const s = session('cs_conf_ci', 1999, clock.now());
      await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
      await applyRegistrationEvent(deps, key, {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_conf_ci',
        payment: paid(s.id, 1999),
      });
      await h.overwriteStatuses(key, { registrationStatus: 'checkedIn', applicationStatus: '' });
      const refund = {
        type: 'CHARGE_REFUNDED' as const,
        stripeEventId: 'evt_conf_ci_r',
        paymentIntent: `pi_${s.id}`,
        amountRefunded: 500,
        amountCaptured: 1999,
      };
      const r = await applyRegistrationEvent(deps, key, refund);
      expect(r.outcome).toBe('applied');
      expect(r.snapshot.value).toBe('checkedIn');
      expect(await h.registrations.getRegistrationForm(key)).toMatchObject({
        registrationStatus: 'checkedIn',
      });
    });

    test('activation writes user, member and profile together, once', async () => {
      // Five concurrent deliveries each draw a profile id; any of them may win, so the test records
      // every id drawn and asserts on the winner it finds, never on which one wins.
      const drawn: string[] = [];
      const script = scriptedIds(['HappyOtterRuns']);
      const { h, deps, clock } = await setup(paidEvent(), {
        profileId: () => {
          const id = script.profileId();
          drawn.push(id);
          return id;
        },
      });
      const mkey = { email: 'grace@ubc.ca', membershipYear: 2026 };
      await applyMembershipEvent(deps, mkey, {
        type: 'BEGIN',
        email: mkey.email,
        membershipYear: 2026,
        paymentType: 'OAuthMember',
        applicant: applicant(mkey.email),
        priceCents: 1200,
      });
      const s = session('cs_conf_m', 1200, clock.now());
      await applyMembershipEvent(deps, mkey, { type: 'OPEN_CHECKOUT', session: s });
      const event = {
        type: 'PAYMENT_SUCCEEDED' as const,
        stripeEventId: 'evt_conf_m',
        payment: paid(s.id, 1200),
      };
      const results = await Promise.all(
        Array.from({ length: 5 }, () => applyMembershipEvent(deps, mkey, event)),
      );
      expect(results.filter((r) => r.outcome === 'applied')).toHaveLength(1);
      const member = await h.memberships.getMember(mkey.email, 2026);
      expect(member).toMatchObject({ id: mkey.email, topics: ['AI', 'Fintech'] });
      const profiles = (await Promise.all(drawn.map((id) => h.memberships.getProfile(id)))).filter(
        (p) => p !== undefined,
      );
      expect(profiles).toHaveLength(1);
      expect(profiles[0]).toMatchObject({ profileType: 'ATTENDEE', type: 'PROFILE' });
      expect(drawn).toContain(member?.profileID);
      expect(await h.memberships.getProfile(String(member?.profileID))).toEqual(profiles[0]);
      expect(await h.users.getUser(mkey.email)).toMatchObject({ isMember: true });
    });

    test('a taken profile id fails the whole activation, and the runner retries with a new id', async () => {
      const { h, deps, clock } = await setup(paidEvent(), scriptedIds(['SameId', 'SameId', 'OtherId']));
      for (const [i, email] of ['one@ubc.ca', 'two@ubc.ca'].entries()) {
        const mkey = { email, membershipYear: 2026 };
        await applyMembershipEvent(deps, mkey, {
          type: 'BEGIN',
          email,
          membershipYear: 2026,
          paymentType: 'Member',
          applicant: applicant(email),
          priceCents: 1200,
        });
        const s = session(`cs_conf_p${i}`, 1200, clock.now());
        await applyMembershipEvent(deps, mkey, { type: 'OPEN_CHECKOUT', session: s });
        const r = await applyMembershipEvent(deps, mkey, {
          type: 'PAYMENT_SUCCEEDED',
          stripeEventId: `evt_conf_p${i}`,
          payment: paid(s.id, 1200),
        });
        expect(r.outcome).toBe('applied');
      }
      expect((await h.memberships.getMember('one@ubc.ca', 2026))?.profileID).toBe('SameId');
      expect((await h.memberships.getMember('two@ubc.ca', 2026))?.profileID).toBe('OtherId');
    });

    membershipEdgeTests(factory);
    registrationEdgeTests(factory);
    operationsTests(factory);
  });
}
