import { applyMembershipEvent, applyRegistrationEvent } from '@biztech/payments-core';
import {
  applicant,
  manualClock,
  paid,
  paidEvent,
  scriptedIds,
  session,
} from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { membershipPartition, registrationPartition } from '../src/payment-keys.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';
import { partition, scanAll } from './support/scan.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();
const times = <T>(n: number, f: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: n }, (_, i) => f(i)));

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'conc');
  await h.seedEvent(paidEvent({ id: 'blueprint', year: 2026, capac: 100 }));
  await h.seedEvent(paidEvent({ id: 'tiny', year: 2026, capac: 1 }));
});
afterAll(() => client.destroy());

describe('concurrent deliveries on DynamoDB Local', () => {
  test('50 concurrent deliveries of one payment event activate a membership exactly once', async () => {
    // Prepare: a membership with an open checkout.
    const deps = { ...h, clock, ids: scriptedIds() };
    const key = { email: 'grace@ubc.ca', membershipYear: 2026 };
    await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: 2026,
      paymentType: 'Member',
      applicant: applicant(key.email),
      priceCents: 1200,
    });
    const s = session('cs_conc_m', 1200, clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_conc_m',
      payment: paid(s.id, 1200),
    };

    // Act: Stripe (and the success page) deliver the same event 50 times at once.
    const results = await times(50, () => applyMembershipEvent(deps, key, delivery));

    // Assess: one activation, 49 duplicates; one member and one profile record; 3 audit lines.
    const outcomes = results.map((r) => r.outcome);
    console.log(
      `membership x50: applied=${outcomes.filter((o) => o === 'applied').length} duplicate=${outcomes.filter((o) => o === 'duplicate').length}`,
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
    const activations = results
      .flatMap((r) => (r.committed ? r.effects : []))
      .filter((e) => e.type === 'membership.activate');
    expect(activations).toHaveLength(1);
    expect((await scanAll(doc, h.tables.members)).map((m) => m.id)).toEqual([key.email]);
    const profiles = await scanAll(doc, h.tables.profiles);
    expect(profiles).toHaveLength(1);
    expect((await h.memberships.getMember(key.email, key.membershipYear))?.profileID).toBe(
      profiles[0]?.profileID,
    );
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: true });
    const trail = await partition(doc, h.tables.payments, membershipPartition(key));
    expect(trail.filter((i) => String(i.sk).startsWith('AUDIT#')).map((i) => i.event)).toEqual([
      'BEGIN',
      'OPEN_CHECKOUT',
      'PAYMENT_SUCCEEDED',
    ]);
  });

  test('50 concurrent deliveries of one payment event fulfil a registration exactly once', async () => {
    // Prepare: a paid registration with a held seat and an open checkout.
    const deps = { ...h, clock };
    const key = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 };
    await applyRegistrationEvent(deps, key, {
      type: 'REGISTER',
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    const s = session('cs_conc_r', 1999, clock.now());
    await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_conc_r',
      payment: paid(s.id, 1999),
    };

    // Act
    const results = await times(50, () => applyRegistrationEvent(deps, key, delivery));

    // Assess: one fulfilment, 49 duplicates, one seat, one audit line for the payment.
    const outcomes = results.map((r) => r.outcome);
    console.log(
      `registration x50: applied=${outcomes.filter((o) => o === 'applied').length} duplicate=${outcomes.filter((o) => o === 'duplicate').length}`,
    );
    expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(49);
    const fulfilled = results
      .flatMap((r) => (r.committed ? r.effects : []))
      .filter((e) => e.type === 'registration.fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect(await h.registrations.getRegistrationForm(key)).toMatchObject({
      registrationStatus: 'registered',
    });
    expect(await h.events.seatsTaken(key.eventID, key.year)).toBe(1);
    const trail = await partition(doc, h.tables.payments, registrationPartition(key));
    expect(trail.map((i) => i.event)).toEqual(['REGISTER', 'OPEN_CHECKOUT', 'PAYMENT_SUCCEEDED']);
  });

  test('20 concurrent registrations for a 1-seat paid event: one holds the seat, 19 are waitlisted', async () => {
    // Prepare: 20 people register (no seat is taken at registration for a paid event).
    const deps = { ...h, clock };
    const keys = Array.from({ length: 20 }, (_, i) => ({
      email: `p${i}@ubc.ca`,
      eventID: 'tiny',
      year: 2026,
    }));
    const event = await h.events.getEvent('tiny', 2026);
    const seatAvailable =
      (await h.events.seatsTaken('tiny', 2026)) < (event?.capac ?? Number.POSITIVE_INFINITY);
    await Promise.all(
      keys.map((key) =>
        applyRegistrationEvent(deps, key, {
          type: 'REGISTER',
          ...key,
          isApplicationBased: false,
          priceCents: 1999,
          seatAvailable,
        }),
      ),
    );

    // Act: all 20 open their checkout at once, each believing a seat is free.
    const results = await Promise.all(
      keys.map((key, i) =>
        applyRegistrationEvent(deps, key, {
          type: 'OPEN_CHECKOUT',
          session: session(`cs_tiny_${i}`, 1999, clock.now()),
          seatAvailable: true,
        }),
      ),
    );

    // Assess: the counter's capacity condition let exactly one through.
    const states = results.map((r) => r.snapshot.value);
    console.log(
      `1-seat x20: incomplete(with seat)=${states.filter((s) => s === 'incomplete').length} waitlist=${states.filter((s) => s === 'waitlist').length}`,
    );
    expect(states.filter((s) => s === 'incomplete')).toHaveLength(1);
    expect(states.filter((s) => s === 'waitlist')).toHaveLength(19);
    expect(results.filter((r) => r.snapshot.context.seat === 'held')).toHaveLength(1);
    expect(await h.events.seatsTaken('tiny', 2026)).toBe(1);
    const stored = await Promise.all(keys.map((key) => h.registrations.getRegistrationForm(key)));
    expect(stored.filter((item) => item?.registrationStatus === 'waitlist')).toHaveLength(19);
    expect(stored.filter((item) => typeof item?.checkoutLink === 'string')).toHaveLength(1);
  });
});
