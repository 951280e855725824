import {
  applyMembershipEvent,
  applyRegistrationEvent,
  buildActivationRecords,
  CapacityExceededError,
  ProfileIdTakenError,
} from '@biztech/payments-core';
import {
  applicant,
  manualClock,
  paid,
  paidEvent,
  scriptedIds,
  session,
} from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { membershipPartition, processedEventKey, registrationPartition } from '../src/payment-keys.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';
import { partition, scanAll } from './support/scan.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'atomic');
  await h.seedEvent(paidEvent({ id: 'blueprint', year: 2026, capac: 1 }));
});
afterAll(() => client.destroy());

/** Everything a transaction could have written, to compare before and after. */
async function everything() {
  const [users, members, profiles, registrations, payments] = await Promise.all(
    [h.tables.users, h.tables.members, h.tables.profiles, h.tables.registrations, h.tables.payments].map(
      (t) => scanAll(doc, t),
    ),
  );
  return { users, members, profiles, registrations, payments };
}

describe('a transaction that fails on one item writes nothing', () => {
  test('a taken profile id (the last of six items) cancels the snapshot, event record, audit, user and member writes', async () => {
    // Prepare: a membership ready to activate, and its profile id already used by someone else.
    const deps = { ...h, clock, ids: scriptedIds() };
    const key = { email: 'grace@ubc.ca', membershipYear: 2026 };
    await h.seedUser({ id: key.email, isMember: false, fname: 'Grace' });
    await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: 2026,
      paymentType: 'Member',
      applicant: applicant(key.email),
      priceCents: 1200,
    });
    const s = session('cs_atomic_m', 1200, clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
    await h.put(h.tables.profiles, {
      compositeID: 'PROFILE#TakenPanda',
      type: 'PROFILE',
      profileID: 'TakenPanda',
    });
    const current = await h.memberships.loadMembership(key);
    if (!current) throw new Error('membership not stored');
    const records = buildActivationRecords(applicant(key.email), 'Member', 'TakenPanda', clock.now());
    const next = { ...current, version: current.version + 1, value: 'active' };
    const before = await everything();

    // Act
    const commit = h.memberships.commitMembership({
      key,
      expected: { exists: true, version: current.version },
      next,
      effects: [
        { type: 'membership.activate', email: key.email, membershipYear: 2026, source: 'Member', records },
      ],
      stripeEventId: 'evt_atomic_m',
      audit: {
        at: clock.now(),
        event: 'PAYMENT_SUCCEEDED',
        from: current.value,
        to: 'active',
        outcome: 'applied',
        effects: [],
      },
    });

    // Assess
    await expect(commit).rejects.toBeInstanceOf(ProfileIdTakenError);
    await expect(commit).rejects.toMatchObject({ code: 'profile_id_taken', retryable: false });
    expect(await everything()).toEqual(before);
    expect(await h.memberships.loadMembership(key)).toEqual(current);
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: false });
    expect(await h.memberships.getMember(key.email, key.membershipYear)).toBeUndefined();
    expect(await partition(doc, h.tables.payments, processedEventKey('evt_atomic_m').pk)).toEqual([]);
    expect(
      (await partition(doc, h.tables.payments, membershipPartition(key))).filter((i) => i.sk !== 'SNAPSHOT'),
    ).toHaveLength(2);

    // And the runner, given the same event, steps again with a fresh id and activates once.
    const retried = await applyMembershipEvent(
      { ...deps, ids: scriptedIds(['TakenPanda', 'FreshOtter']) },
      key,
      {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_atomic_m',
        payment: paid(s.id, 1200),
      },
    );
    expect(retried.outcome).toBe('applied');
    expect((await h.memberships.getMember(key.email, key.membershipYear))?.profileID).toBe('FreshOtter');
  });

  test('a full event (the last item, the seat counter) cancels the registration, event record and audit writes', async () => {
    // Prepare: the only seat is taken; another registration tries to hold one, bypassing the runner.
    const deps = { ...h, clock };
    const first = { email: 'first@ubc.ca', eventID: 'blueprint', year: 2026 };
    const second = { email: 'second@ubc.ca', eventID: 'blueprint', year: 2026 };
    for (const key of [first, second]) {
      await applyRegistrationEvent(deps, key, {
        type: 'REGISTER',
        ...key,
        isApplicationBased: false,
        priceCents: 1999,
        seatAvailable: true,
      });
    }
    await applyRegistrationEvent(deps, first, {
      type: 'OPEN_CHECKOUT',
      session: session('cs_first', 1999, clock.now()),
      seatAvailable: true,
    });
    const loaded = await h.registrations.loadRegistration(second);
    if (loaded?.kind !== 'snapshot') throw new Error('registration not stored');
    const checkout = session('cs_second', 1999, clock.now());
    const next = {
      ...loaded.snapshot,
      version: loaded.snapshot.version + 1,
      context: { ...loaded.snapshot.context, checkout, seat: 'held' as const },
    };
    const before = await everything();

    // Act
    const commit = h.registrations.commitRegistration({
      key: second,
      expected: { exists: true, version: loaded.snapshot.version },
      next,
      effects: [{ type: 'seat.hold' }],
      capacity: 1,
      stripeEventId: 'evt_atomic_r',
      audit: {
        at: clock.now(),
        event: 'OPEN_CHECKOUT',
        from: 'incomplete',
        to: 'incomplete',
        outcome: 'applied',
        effects: ['seat.hold'],
      },
    });

    // Assess
    await expect(commit).rejects.toBeInstanceOf(CapacityExceededError);
    expect(await everything()).toEqual(before);
    expect(await h.registrations.loadRegistration(second)).toEqual(loaded);
    expect((await h.registrations.getRegistrationForm(second))?.checkoutLink).toBeUndefined();
    expect(await h.events.seatsTaken('blueprint', 2026)).toBe(1);
    expect(await partition(doc, h.tables.payments, registrationPartition(second))).toHaveLength(1);
  });
});
