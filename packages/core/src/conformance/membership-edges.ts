import { expect, test } from 'vitest';
import { MemberRecordExistsError } from '../errors.ts';
import { applyMembershipEvent, type MembershipDeps } from '../membership/apply.ts';
import { buildActivationRecords } from '../membership/records.ts';
import type { MembershipKey } from '../membership/types.ts';
import { applicant, manualClock, paid, scriptedIds, session } from './fixtures.ts';
import type { ConformanceHarness } from './index.ts';

/** The store's current membership year in the suite: what `isMember` speaks for. */
const YEAR = 2026;

/**
 * The membership edges every store must get right (part of `runStoreConformance`): member items
 * are kept per membership year, an existing member item refuses an activation with its own error,
 * and `isMember` is repaired and revoked as the runner asks.
 */
export function membershipEdgeTests(factory: () => Promise<ConformanceHarness> | ConformanceHarness) {
  const setup = async (ids = scriptedIds()) => {
    const h = await factory();
    const clock = manualClock();
    const deps: MembershipDeps = { ...h, clock, ids };
    return { h, clock, deps };
  };
  /** BEGIN and OPEN_CHECKOUT through the runner: a membership ready to be paid. */
  const openCheckout = async (
    deps: MembershipDeps,
    key: MembershipKey,
    sessionId: string,
    paymentType: 'Member' | 'OAuthMember' = 'Member',
  ) => {
    const begun = await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: key.membershipYear,
      paymentType,
      applicant: applicant(key.email),
      priceCents: 1200,
    });
    expect(begun.snapshot.value).toBe('awaitingCheckout');
    const s = session(sessionId, 1200, deps.clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
    return s;
  };
  const pay = (deps: MembershipDeps, key: MembershipKey, sessionId: string, stripeEventId: string) =>
    applyMembershipEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId,
      payment: paid(sessionId, 1200),
    });

  test('member items are kept per membership year: a 2026 member buys 2027, and each year keeps its own item', async () => {
    const { h, deps } = await setup(scriptedIds(['YearOneOwl', 'YearTwoOwl']));
    const email = 'years@ubc.ca';
    await h.seedUser({ id: email, isMember: false });
    // Another 2027 member exists (and, for DynamoDB, so does the 2027 table).
    await h.seedMember({ id: 'someone@ubc.ca', firstName: 'Some', profileID: 'OtherOwlSings' }, 2027);
    const y2026 = { email, membershipYear: 2026 };
    const y2027 = { email, membershipYear: 2027 };
    await openCheckout(deps, y2026, 'cs_conf_y26');
    expect((await pay(deps, y2026, 'cs_conf_y26', 'evt_conf_y26')).snapshot.value).toBe('active');

    expect(await h.memberships.getMember(email, 2027)).toBeUndefined();
    await openCheckout(deps, y2027, 'cs_conf_y27');
    const second = await pay(deps, y2027, 'cs_conf_y27', 'evt_conf_y27');

    expect([second.outcome, second.snapshot.value]).toEqual(['applied', 'active']);
    expect(second.effects.map((e) => e.type)).toEqual(['membership.activate']);
    expect((await h.memberships.getMember(email, 2026))?.profileID).toBe('YearOneOwl');
    expect((await h.memberships.getMember(email, 2027))?.profileID).toBe('YearTwoOwl');
  });

  test('an activation whose member item already exists is refused whole with MemberRecordExistsError', async () => {
    const { h, deps, clock } = await setup();
    const key = { email: 'halfway@ubc.ca', membershipYear: YEAR };
    await h.seedUser({ id: key.email, isMember: false });
    await openCheckout(deps, key, 'cs_conf_exists');
    await h.seedMember({ id: key.email, firstName: 'Today', profileID: 'TodaysOwlSings' }, YEAR);
    const current = await h.memberships.loadMembership(key);
    if (!current) throw new Error('membership not stored');
    const activation = {
      type: 'membership.activate' as const,
      email: key.email,
      membershipYear: YEAR,
      source: 'Member' as const,
      records: buildActivationRecords(applicant(key.email), 'Member', 'NeverWrittenOwl', clock.now()),
    };

    const commit = h.memberships.commitMembership({
      key,
      expected: { exists: true, version: current.version },
      next: { ...current, version: current.version + 1, value: 'active' },
      effects: [activation],
      stripeEventId: 'evt_conf_exists',
      audit: {
        at: clock.now(),
        event: 'PAYMENT_SUCCEEDED',
        from: 'checkoutOpen',
        to: 'active',
        outcome: 'applied',
        effects: [],
      },
    });

    await expect(commit).rejects.toBeInstanceOf(MemberRecordExistsError);
    expect(await h.memberships.loadMembership(key)).toEqual(current);
    expect(await h.memberships.getProfile('NeverWrittenOwl')).toBeUndefined();
    expect((await h.memberships.getMember(key.email, YEAR))?.profileID).toBe('TodaysOwlSings');
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: false });
  });

  test("a payment that lands after today's system wrote the member item is reported as already_member, once, and repairs isMember", async () => {
    const { h, deps } = await setup();
    const key = { email: 'late@ubc.ca', membershipYear: YEAR };
    await h.seedUser({ id: key.email, isMember: false });
    const s = await openCheckout(deps, key, 'cs_conf_late');
    await h.seedMember({ id: key.email, firstName: 'Today', profileID: 'TodaysOwlRuns' }, YEAR);

    const r = await pay(deps, key, s.id, 'evt_conf_late');
    const again = await pay(deps, key, s.id, 'evt_conf_late');

    expect([r.outcome, r.reason, r.snapshot.value]).toEqual(['ignored', 'already_member', 'active']);
    expect(r.effects.map((e) => e.type)).toEqual(['membership.repair', 'payment.refund_needed']);
    expect(r.effects).toContainEqual({ type: 'membership.repair', email: key.email, membershipYear: YEAR });
    expect(r.effects).toContainEqual({
      type: 'payment.refund_needed',
      sessionId: s.id,
      paymentIntent: `pi_${s.id}`,
      amount: 1200,
      reason: 'already_member',
    });
    expect(again.outcome).toBe('duplicate');
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: true });
    expect((await h.memberships.getMember(key.email, YEAR))?.profileID).toBe('TodaysOwlRuns');
  });

  test('a member item without isMember is an active membership: BEGIN is already_member and repairs isMember', async () => {
    const { h, deps } = await setup();
    const key = { email: 'halfmade@ubc.ca', membershipYear: YEAR };
    await h.seedUser({ id: key.email, isMember: false });
    await h.seedMember({ id: key.email, firstName: 'Half', profileID: 'HalfOwlSleeps' }, YEAR);

    const r = await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: YEAR,
      paymentType: 'Member',
      applicant: applicant(key.email),
      priceCents: 1200,
    });

    expect([r.outcome, r.reason, r.snapshot.value]).toEqual(['rejected', 'already_member', 'active']);
    expect(r.committed).toBe(true);
    expect(r.snapshot.context.profileID).toBe('HalfOwlSleeps');
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: true });
  });

  test("isMember without the year's member item, or another year's item, does not make the year's membership active", async () => {
    const { h, deps } = await setup();
    const key = { email: 'lastyear@ubc.ca', membershipYear: YEAR };
    await h.seedUser({ id: key.email, isMember: true });
    await h.seedMember({ id: key.email, firstName: 'Last', profileID: 'OldOwlNaps' }, YEAR - 1);

    const s = await openCheckout(deps, key, 'cs_conf_lastyear');
    const r = await pay(deps, key, s.id, 'evt_conf_lastyear');

    expect([r.outcome, r.snapshot.value]).toEqual(['applied', 'active']);
    expect((await h.memberships.getMember(key.email, YEAR))?.id).toBe(key.email);
    expect((await h.memberships.getMember(key.email, YEAR - 1))?.profileID).toBe('OldOwlNaps');
  });

  test("a full refund of a legacy membership revokes isMember; another year's refund leaves the flag alone", async () => {
    const { h, deps } = await setup();
    const current = { email: 'oldtimer@ubc.ca', membershipYear: YEAR };
    const past = { email: 'veteran@ubc.ca', membershipYear: YEAR - 1 };
    for (const k of [current, past]) {
      await h.seedUser({ id: k.email, isMember: true });
      await h.seedMember(
        { id: k.email, firstName: 'Old', profileID: `Owl${k.membershipYear}` },
        k.membershipYear,
      );
    }
    const refund = (stripeEventId: string) => ({
      type: 'CHARGE_REFUNDED' as const,
      stripeEventId,
      paymentIntent: 'pi_today',
      amountRefunded: 1500,
      amountCaptured: 1500,
      legacySession: true,
    });

    const a = await applyMembershipEvent(deps, current, refund('evt_conf_legacy_a'));
    const b = await applyMembershipEvent(deps, past, refund('evt_conf_legacy_b'));

    expect([a.outcome, a.snapshot.value]).toEqual(['applied', 'refunded']);
    expect([b.outcome, b.snapshot.value]).toEqual(['applied', 'refunded']);
    expect(await h.users.getUser(current.email)).toMatchObject({ isMember: false });
    expect(await h.users.getUser(past.email)).toMatchObject({ isMember: true });
    expect(await h.memberships.getMember(current.email, YEAR)).toBeDefined();
  });
}
