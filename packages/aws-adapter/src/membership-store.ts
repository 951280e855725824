import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type {
  MemberRecord,
  MembershipCommit,
  MembershipSnapshot,
  MembershipStore,
  ProfileRecord,
} from '@biztech/payments-core';
import { auditPut, DEFAULT_PROCESSED_EVENT_TTL_DAYS, processedEventPut } from './bookkeeping-items.ts';
import { activationWrites, membershipSnapshotPut, repairWrite, revocationWrite } from './membership-items.ts';
import { operationsWrites } from './operations-items.ts';
import { membershipPartition, membershipSnapshotKey } from './payment-keys.ts';
import { readSnapshot } from './snapshot-codec.ts';
import { storeError } from './store-errors.ts';
import type { DynamoStoreOptions } from './store-options.ts';
import { resolveTables } from './table-names.ts';
import { commitPlan, type PlannedItem } from './transaction.ts';

/**
 * A `MembershipStore`: the machine's snapshot lives in the payments table
 * (`MEMBERSHIP#<email>#<year>`), and an activation writes the user, member and profile records of
 * today's tables in the same `TransactWriteItems` as the snapshot, the processed Stripe event and
 * the audit line. A membership with no snapshot item loads as `undefined`; core's runner then reads
 * the year's member item (`getMember(email, year)`) to see whether today's system made the member.
 *
 * @example
 * ```ts
 * const memberships = createDynamoMembershipStore(documentClient, { tableSuffix: 'PROD', membershipYear: 2026 });
 * const member = await memberships.getMember('ada@ubc.ca', 2026); // biztechMembers2026PROD
 * ```
 */
export function createDynamoMembershipStore(
  client: DynamoDBDocumentClient,
  options: DynamoStoreOptions = {},
): MembershipStore {
  const tables = resolveTables(options);
  const ttlDays = options.processedEventTtlDays ?? DEFAULT_PROCESSED_EVENT_TTL_DAYS;

  async function get(
    operation: string,
    TableName: string,
    Key: Record<string, unknown>,
  ): Promise<Record<string, unknown> | undefined> {
    try {
      return (await client.send(new GetCommand({ TableName, Key, ConsistentRead: true }))).Item;
    } catch (error) {
      throw storeError(error, operation);
    }
  }

  return {
    async loadMembership(key) {
      const item = await get('load membership', tables.payments, membershipSnapshotKey(key));
      return item === undefined
        ? undefined
        : readSnapshot<MembershipSnapshot>(item.snapshot, 'membership', item.version);
    },

    async commitMembership(commit: MembershipCommit) {
      const partition = membershipPartition(commit.key);
      const at = commit.audit.at;
      const plan: PlannedItem[] = [membershipSnapshotPut(tables.payments, commit)];
      if (commit.stripeEventId) {
        plan.push(processedEventPut(tables.payments, commit.stripeEventId, partition, at, ttlDays));
      }
      plan.push(auditPut(tables.payments, partition, commit.next.version, commit.audit));
      plan.push(...operationsWrites(tables.payments, commit));
      for (const effect of commit.effects) {
        if (effect.type === 'membership.activate') plan.push(...activationWrites(tables, effect, at));
        else if (effect.type === 'membership.revoke') plan.push(...revocationWrite(tables, effect, at));
        else if (effect.type === 'membership.repair') plan.push(repairWrite(tables, effect, at));
      }
      await commitPlan(client, plan, 'commit membership');
    },

    async getMember(email, membershipYear) {
      const item = await get('get member', tables.membersOf(membershipYear), { id: email.toLowerCase() });
      return item as MemberRecord | undefined;
    },

    async getProfile(profileID) {
      const key = { compositeID: `PROFILE#${profileID}`, type: 'PROFILE' };
      return (await get('get profile', tables.profiles, key)) as ProfileRecord | undefined;
    },
  };
}
