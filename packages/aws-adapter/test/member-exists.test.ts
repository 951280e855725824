import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  applyMembershipEvent,
  MemberRecordExistsError,
  ProfileIdTakenError,
  VersionConflictError,
} from '@biztech/payments-core';
import { applicant, manualClock, paid, scriptedIds, session } from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countCalls } from '../src/index.ts';
import { membershipPartition } from '../src/payment-keys.ts';
import { type ItemRole, transactionError } from '../src/store-errors.ts';
import { awsFaults } from './support/aws-errors.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';
import { partition } from './support/scan.ts';

const { client, doc } = localClients();
const counter = countCalls(doc);
let h: DynamoHarness;
const clock = manualClock();

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'mexists');
});
afterAll(() => {
  counter.dispose();
  client.destroy();
});

/** The roles of a membership activation's transaction, in the order the store plans them. */
const activationRoles: ItemRole[] = [
  { role: 'state' },
  { role: 'processedEvent', stripeEventId: 'evt_1' },
  { role: 'audit' },
  { role: 'user' },
  { role: 'member' },
  { role: 'profile', profileID: 'SomeOwl' },
];
const cancelled = (failedAt: number[]) =>
  awsFaults.cancelled(
    ...activationRoles.map((_, i) => (failedAt.includes(i) ? 'ConditionalCheckFailed' : 'None')),
  );

describe('the member item condition has its own error', () => {
  test('a cancelled member-item condition is MemberRecordExistsError, not retryable and not a version conflict', () => {
    const error = transactionError(cancelled([4]), activationRoles, 'commit membership');

    expect(error).toBeInstanceOf(MemberRecordExistsError);
    expect(error).not.toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ code: 'member_exists', retryable: false });
  });

  test('the version check still wins when it failed too, and a taken profile id keeps its own error', () => {
    expect(transactionError(cancelled([0, 4]), activationRoles, 'commit')).toBeInstanceOf(
      VersionConflictError,
    );
    expect(transactionError(cancelled([4, 5]), activationRoles, 'commit')).toBeInstanceOf(
      ProfileIdTakenError,
    );
  });
});

describe("an activation meets a member item today's system wrote (DynamoDB Local)", () => {
  test('the runner commits MEMBER_RECORD_FOUND, reports the payment (already_member) and repairs isMember: three transactions, no retry loop', async () => {
    // Prepare: a checkout of ours is open when today's system writes the member item.
    const deps = { ...h, clock, ids: scriptedIds(['NeverWrittenOwl']) };
    const key = { email: 'racing@ubc.ca', membershipYear: 2026 };
    await h.seedUser({ id: key.email, isMember: false, fname: 'Race' });
    await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: 2026,
      paymentType: 'Member',
      applicant: applicant(key.email),
      priceCents: 1200,
    });
    const s = session('cs_mexists', 1200, clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
    await h.seedMember({ id: key.email, firstName: 'Today', profileID: 'TodaysOwlFlies' }, 2026);

    // Act
    const { result, counts } = await counter.measure(() =>
      applyMembershipEvent(deps, key, {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_mexists',
        payment: paid(s.id, 1200),
      }),
    );

    // Assess
    expect([result.outcome, result.reason, result.snapshot.value]).toEqual([
      'ignored',
      'already_member',
      'active',
    ]);
    expect(result.effects.map((e) => e.type)).toEqual(['membership.repair', 'payment.refund_needed']);
    // The refused activation, MEMBER_RECORD_FOUND, then the payment's report.
    expect(counts.commands.TransactWriteItemsCommand).toBe(3);
    const user = (await doc.send(new GetCommand({ TableName: h.tables.users, Key: { id: key.email } }))).Item;
    expect(user).toMatchObject({ isMember: true, fname: 'Race' });
    expect(await h.memberships.getMember(key.email, 2026)).toMatchObject({ profileID: 'TodaysOwlFlies' });
    expect(await h.memberships.getProfile('NeverWrittenOwl')).toBeUndefined();
    const trail = await partition(doc, h.tables.payments, membershipPartition(key));
    expect(trail.filter((i) => String(i.sk).startsWith('AUDIT#')).map((i) => i.event)).toEqual([
      'BEGIN',
      'OPEN_CHECKOUT',
      'MEMBER_RECORD_FOUND',
      'PAYMENT_SUCCEEDED',
    ]);
  });

  test('a member item without a user is active and never creates a bare user item', async () => {
    // Prepare
    const deps = { ...h, clock, ids: scriptedIds() };
    const key = { email: 'nouser@ubc.ca', membershipYear: 2026 };
    await h.seedMember({ id: key.email, firstName: 'Lone', profileID: 'LoneOwlWaits' }, 2026);

    // Act
    const begun = await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: 2026,
      paymentType: 'OAuthMember',
      applicant: applicant(key.email),
      priceCents: 1200,
    });

    // Assess
    expect([begun.outcome, begun.reason, begun.snapshot.value]).toEqual([
      'rejected',
      'already_member',
      'active',
    ]);
    expect(await h.users.getUser(key.email)).toBeUndefined();
  });
});
