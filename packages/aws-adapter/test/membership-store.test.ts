import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { applyMembershipEvent, type MembershipPaymentType } from '@biztech/payments-core';
import { applicant, manualClock, paid, scriptedIds, session } from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { membershipSnapshotKey } from '../src/index.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'members');
});
afterAll(() => client.destroy());

/** BEGIN, OPEN_CHECKOUT and a paid PAYMENT_SUCCEEDED for one email, through core's runner. */
async function buyMembership(email: string, paymentType: MembershipPaymentType, profileID: string) {
  const deps = { ...h, clock, ids: scriptedIds([profileID]) };
  const key = { email, membershipYear: 2026 };
  await applyMembershipEvent(deps, key, {
    type: 'BEGIN',
    email,
    membershipYear: 2026,
    paymentType,
    applicant: applicant(email),
    priceCents: 1200,
  });
  const s = session(`cs_${profileID}`, 1200, clock.now());
  await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
  const paidEvent = await applyMembershipEvent(deps, key, {
    type: 'PAYMENT_SUCCEEDED',
    stripeEventId: `evt_${profileID}`,
    payment: paid(s.id, 1200),
  });
  return { key, deps, session: s, result: paidEvent };
}

const rawUser = async (email: string) =>
  (await doc.send(new GetCommand({ TableName: h.tables.users, Key: { id: email } }))).Item;

describe('membership store on DynamoDB Local', () => {
  test("activation updates an existing user's form fields and isMember, and keeps its other attributes and admin flag", async () => {
    // Prepare: a user today's system made an admin by hand, with points.
    await h.seedUser({ id: 'lead@ubc.ca', isMember: false, admin: true, points: 42, fname: 'Old' });

    // Act
    await buyMembership('lead@ubc.ca', 'Member', 'BraveOwlSings');

    // Assess
    expect(await rawUser('lead@ubc.ca')).toMatchObject({
      id: 'lead@ubc.ca',
      isMember: true,
      admin: true,
      points: 42,
      fname: 'Ada',
      lname: 'Lovelace',
      studentId: '12345678',
      year: '2nd Year',
    });
  });

  test('activation of a new exec user writes admin, the member record and an EXEC profile; the snapshot is versioned', async () => {
    // Act
    const { key } = await buyMembership('exec@ubcbiztech.com', 'OAuthMember', 'CalmFoxLeaps');

    // Assess
    expect(await rawUser('exec@ubcbiztech.com')).toMatchObject({ isMember: true, admin: true });
    expect(await h.memberships.getMember('EXEC@ubcbiztech.com', 2026)).toMatchObject({
      id: 'exec@ubcbiztech.com',
      firstName: 'Ada',
      profileID: 'CalmFoxLeaps',
      topics: ['AI', 'Fintech'],
      admin: true,
    });
    expect(await h.memberships.getProfile('CalmFoxLeaps')).toMatchObject({
      compositeID: 'PROFILE#CalmFoxLeaps',
      type: 'PROFILE',
      profileType: 'EXEC',
    });
    const item = (
      await doc.send(new GetCommand({ TableName: h.tables.payments, Key: membershipSnapshotKey(key) }))
    ).Item;
    expect(item).toMatchObject({ version: 3, state: 'active', email: key.email, membershipYear: 2026 });
    expect(await h.memberships.loadMembership(key)).toEqual(item?.snapshot);
  });

  test('a full refund sets isMember false and keeps the member and profile records as history', async () => {
    // Prepare
    const { key, deps, session: s } = await buyMembership('refund@ubc.ca', 'Member', 'QuietElkRests');

    // Act
    const refunded = await applyMembershipEvent(deps, key, {
      type: 'CHARGE_REFUNDED',
      stripeEventId: 'evt_refund',
      paymentIntent: `pi_${s.id}`,
      amountRefunded: 1200,
      amountCaptured: 1200,
    });

    // Assess
    expect(refunded.snapshot.value).toBe('refunded');
    expect(await h.users.getUser('refund@ubc.ca')).toMatchObject({ isMember: false });
    expect(await h.memberships.getMember('refund@ubc.ca', 2026)).toMatchObject({
      profileID: 'QuietElkRests',
    });
    expect(await h.memberships.getProfile('QuietElkRests')).toBeDefined();
  });

  test('a membership nobody started loads as undefined, and the user record says whether the old system made a member', async () => {
    // Prepare
    await h.seedUser({ id: 'old@ubc.ca', isMember: true });

    // Act
    const loaded = await h.memberships.loadMembership({ email: 'old@ubc.ca', membershipYear: 2026 });
    const user = await h.users.getUser('OLD@ubc.ca');

    // Assess
    expect(loaded).toBeUndefined();
    expect(user).toMatchObject({ id: 'old@ubc.ca', isMember: true });
    expect(await h.users.getUser('nobody@ubc.ca')).toBeUndefined();
  });
});
