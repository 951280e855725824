import type { MembershipCommit, MembershipEffect } from '@biztech/payments-core';
import { membershipSnapshotKey } from './payment-keys.ts';
import { plainItem } from './plain-item.ts';
import type { ResolvedTables } from './table-names.ts';
import type { PlannedItem } from './transaction.ts';
import { updateExpression } from './update-expression.ts';

type Activation = Extract<MembershipEffect, { type: 'membership.activate' }>;
type Revocation = Extract<MembershipEffect, { type: 'membership.revoke' }>;
type Repair = Extract<MembershipEffect, { type: 'membership.repair' }>;

/**
 * The membership snapshot item in the payments table, written whole: created only if absent for
 * a new membership, else only if its `version` is still the one read.
 */
export function membershipSnapshotPut(table: string, commit: MembershipCommit): PlannedItem {
  const { key, expected, next, audit } = commit;
  const fresh = !expected.exists || expected.version === 0;
  return {
    role: { role: 'state' },
    item: {
      Put: {
        TableName: table,
        Item: plainItem({
          ...membershipSnapshotKey(key),
          email: key.email.toLowerCase(),
          membershipYear: key.membershipYear,
          state: next.value,
          snapshot: next,
          version: next.version,
          updatedAt: audit.at,
        }),
        ConditionExpression: fresh ? 'attribute_not_exists(pk)' : '#version = :expected',
        ...(fresh
          ? {}
          : {
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': expected.version },
            }),
      },
    },
  };
}

/**
 * The three records of an activation: the user (an upsert that sets the form's fields and
 * `isMember: true`, keeping whatever else the user item holds, `admin` included when present), the member record and the profile,
 * each created only if absent. The profile's condition is what makes `profileID` unique.
 */
export function activationWrites(tables: ResolvedTables, effect: Activation, at: number): PlannedItem[] {
  const { user, member, profile } = effect.records;
  const { id, admin, ...fields } = user;
  const userUpdate = updateExpression({
    set: { ...fields, isMember: true, updatedAt: at },
    // Buying a membership never changes an existing user's privileges: `admin` only fills a gap.
    setIfAbsent: { admin, createdAt: at },
  });
  return [
    {
      role: { role: 'user' },
      item: { Update: { TableName: tables.users, Key: { id }, ...userUpdate } },
    },
    {
      role: { role: 'member' },
      item: {
        Put: {
          TableName: tables.membersOf(effect.membershipYear),
          Item: plainItem(member),
          ConditionExpression: 'attribute_not_exists(id)',
        },
      },
    },
    {
      role: { role: 'profile', profileID: profile.profileID },
      item: {
        Put: {
          TableName: tables.profiles,
          Item: plainItem(profile),
          ConditionExpression: 'attribute_not_exists(compositeID)',
        },
      },
    },
  ];
}

/**
 * A full refund ends the membership: `isMember: false` on the user; member and profile stay as
 * history. `isMember` speaks for the current membership year (`tables.membershipYear`), so a refund
 * of another year's membership writes nothing to the user.
 */
export function revocationWrite(tables: ResolvedTables, effect: Revocation, at: number): PlannedItem[] {
  if (effect.membershipYear !== tables.membershipYear) return [];
  return [
    {
      role: { role: 'user' },
      item: {
        Update: {
          TableName: tables.users,
          Key: { id: effect.email.toLowerCase() },
          ...updateExpression({ set: { isMember: false, updatedAt: at } }),
        },
      },
    },
  ];
}

/**
 * The year's member item exists but the user lacks `isMember: true` (today's half-written
 * memberships): set it. Only on a user that exists, so a repair never creates a bare user item.
 */
export function repairWrite(tables: ResolvedTables, effect: Repair, at: number): PlannedItem {
  return {
    role: { role: 'user' },
    item: {
      Update: {
        TableName: tables.users,
        Key: { id: effect.email.toLowerCase() },
        ...updateExpression({ set: { isMember: true, updatedAt: at } }),
        ConditionExpression: 'attribute_exists(id)',
      },
    },
  };
}
