import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { OUTBOX_DUE_INDEX, QUEUE_STATUS_INDEX } from './operations-items.ts';
import { TTL_ATTRIBUTE } from './payment-keys.ts';
import { resolveTables, type TableNames, type TableOptions } from './table-names.ts';

/** One table as code: what `CreateTable` needs, and the TTL attribute if the table has one. */
export interface TableDefinition {
  /** Which of the adapter's tables this is. */
  role: keyof TableNames;
  input: CreateTableCommandInput & { TableName: string };
  /** Attribute whose epoch-seconds value DynamoDB's TTL deletes the item after. */
  timeToLiveAttribute?: string;
}

/** The GSI on `biztechRegistrations` that lists an event's registrations. */
export const EVENT_QUERY_INDEX = 'event-query';
/** The GSI on `biztechMembers<year>` that finds a member by profile id. */
export const PROFILE_QUERY_INDEX = 'profile-query';

const S = 'S' as const;
const N = 'N' as const;
const HASH = 'HASH' as const;
const RANGE = 'RANGE' as const;

/**
 * Every table the adapter uses, with today's key schemas and GSIs, plus the payments table this
 * package adds (`pk`/`sk` strings, TTL on `expiresAt`). On-demand billing, so nothing needs sizing.
 *
 * @example
 * ```ts
 * for (const t of tableDefinitions({ tableSuffix: 'DEV' })) console.log(t.input.TableName);
 * // biztechEventsDEV, biztechUsersDEV, biztechMembers2026DEV, biztechRegistrationsDEV, biztechProfilesDEV, biztechPaymentsDEV
 * ```
 */
export function tableDefinitions(options: TableOptions = {}): TableDefinition[] {
  const t = resolveTables(options);
  const base = { BillingMode: 'PAY_PER_REQUEST' as const };
  return [
    {
      role: 'events',
      input: {
        ...base,
        TableName: t.events,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: S },
          { AttributeName: 'year', AttributeType: N },
        ],
        KeySchema: [
          { AttributeName: 'id', KeyType: HASH },
          { AttributeName: 'year', KeyType: RANGE },
        ],
      },
    },
    {
      role: 'users',
      input: {
        ...base,
        TableName: t.users,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: S }],
        KeySchema: [{ AttributeName: 'id', KeyType: HASH }],
      },
    },
    {
      role: 'members',
      input: {
        ...base,
        TableName: t.members,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: S },
          { AttributeName: 'profileID', AttributeType: S },
        ],
        KeySchema: [{ AttributeName: 'id', KeyType: HASH }],
        GlobalSecondaryIndexes: [
          {
            IndexName: PROFILE_QUERY_INDEX,
            KeySchema: [{ AttributeName: 'profileID', KeyType: HASH }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    },
    {
      role: 'registrations',
      input: {
        ...base,
        TableName: t.registrations,
        AttributeDefinitions: [
          { AttributeName: 'id', AttributeType: S },
          { AttributeName: 'eventID;year', AttributeType: S },
        ],
        KeySchema: [
          { AttributeName: 'id', KeyType: HASH },
          { AttributeName: 'eventID;year', KeyType: RANGE },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: EVENT_QUERY_INDEX,
            KeySchema: [{ AttributeName: 'eventID;year', KeyType: HASH }],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
    },
    {
      role: 'profiles',
      input: {
        ...base,
        TableName: t.profiles,
        AttributeDefinitions: [
          { AttributeName: 'compositeID', AttributeType: S },
          { AttributeName: 'type', AttributeType: S },
        ],
        KeySchema: [
          { AttributeName: 'compositeID', KeyType: HASH },
          { AttributeName: 'type', KeyType: RANGE },
        ],
      },
    },
    {
      role: 'payments',
      input: {
        ...base,
        TableName: t.payments,
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: S },
          { AttributeName: 'sk', AttributeType: S },
          { AttributeName: 'outboxShard', AttributeType: S },
          { AttributeName: 'dueAt', AttributeType: N },
          { AttributeName: 'queueStatus', AttributeType: S },
          { AttributeName: 'createdAt', AttributeType: N },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: HASH },
          { AttributeName: 'sk', KeyType: RANGE },
        ],
        // Sparse: only outbox items carry `outboxShard`, only queue items `queueStatus`.
        GlobalSecondaryIndexes: [
          {
            IndexName: OUTBOX_DUE_INDEX,
            KeySchema: [
              { AttributeName: 'outboxShard', KeyType: HASH },
              { AttributeName: 'dueAt', KeyType: RANGE },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          {
            IndexName: QUEUE_STATUS_INDEX,
            KeySchema: [
              { AttributeName: 'queueStatus', KeyType: HASH },
              { AttributeName: 'createdAt', KeyType: RANGE },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      },
      timeToLiveAttribute: TTL_ATTRIBUTE,
    },
  ];
}
