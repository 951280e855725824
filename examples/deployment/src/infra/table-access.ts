import { EVENT_QUERY_INDEX, OUTBOX_DUE_INDEX, QUEUE_STATUS_INDEX } from '@biztech/payments-aws';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { PaymentsTables, TableRole } from './payments-tables.ts';

/** The only DynamoDB actions the function is granted. */
export type GrantedDynamoAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan';

/**
 * The payments-table items the operations jobs write on their own, outside a transaction (an
 * outbox retry or completion, a checkpoint, a seat repair, a report): by partition key prefix.
 */
export const SINGLE_WRITE_PREFIXES = ['OUTBOX#*', 'QUEUE#*', 'CHECKPOINT#*', 'SEATS#*'] as const;

/**
 * What a function's code does to the tables:
 * - `requests`: the webhooks and the checkout functions. They read, run transitions (transactions),
 *   read an event's registrations (`event-query`) and carry out the outbox items their commit just
 *   recorded (the fast path: an item is deleted when done, or updated with its retry time). They
 *   never drain the outbox, list or resolve the queue, reconcile (checkpoints, seat repairs, the
 *   events `Scan`) or move an item to the queue (`test/adapter-calls.test.ts` checks their bundles).
 * - `operations`: the operations jobs: all of the above plus the drainer's and the reconciler's
 *   calls (due outbox items, stuck items to the queue, checkpoints, seat repairs, the events `Scan`).
 * - `checkout`: the checkout function: `requests`, plus the hourly counter of new checkout sessions
 *   per email (`QUOTA#` items, a conditional `UpdateItem`) and today's `GET /registrations?email=`
 *   (a `Query` of the registrations table on its partition key).
 * - `admin`: the admin function, which runs reconcile passes too and lists and resolves the
 *   operator queue (its `queue-status` index, which the reconciler reads too: it closes items whose
 *   payment a registration already holds).
 */
export type TableAccessScope = 'requests' | 'checkout' | 'operations' | 'admin';

/** The outbox items the fast path completes (`DeleteItem`) or reschedules (`UpdateItem`), outside a transaction. */
export const FAST_PATH_PREFIXES = ['OUTBOX#*'] as const;

/** The per-email, per-hour counters of new checkout sessions (`UpdateItem`, conditional), outside a transaction. */
export const CHECKOUT_QUOTA_PREFIXES = ['QUOTA#*'] as const;

/**
 * What the running function does to each table, from the stores of `@biztech/payments-aws`
 * (see its README, "Table layout" and "One transaction per transition"). Reads are `GetItem`
 * (`GetCommand`); every write is an item of one `TransactWriteItems` (`TransactWriteCommand`),
 * which IAM authorizes per item as `PutItem` / `UpdateItem` (there is no IAM action named
 * `TransactWriteItems`). One `Query`: the registrations of an event through the registrations
 * table's `event-query` index (`listEventRegistrations`: the waitlist's order and holds whose
 * checkout lapsed). The operations jobs (outbox, queue, reconciler) add: single `PutItem`,
 * `UpdateItem` and `DeleteItem` on the payments table's `OUTBOX#`, `QUEUE#`, `CHECKPOINT#` and
 * `SEATS#` items, `Query` on its `outbox-due` and `queue-status` indexes, and a `Scan` of the
 * events table. No `ConditionCheckItem` is ever sent.
 */
export const TABLE_ACCESS: Readonly<Record<TableRole, { read: boolean; put: boolean; update: boolean }>> = {
  // Event details and prices: read only.
  events: { read: true, put: false, update: false },
  // isMember is read; activation upserts the user, a full refund sets isMember false.
  users: { read: true, put: false, update: true },
  // The member record is created once, on activation.
  members: { read: true, put: true, update: false },
  // New registrations are Put; transitions of existing ones are Updates.
  registrations: { read: true, put: true, update: true },
  // The profile is created once, on activation (its condition keeps profileID unique).
  profiles: { read: true, put: true, update: false },
  // Processed events, audit lines and membership snapshots are Put; seat counters are Updated.
  payments: { read: true, put: true, update: true },
};

/** The IAM condition that limits writes to items inside a `TransactWriteItems` call. */
export const TRANSACTIONAL_ONLY = {
  'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
};

/**
 * Least-privilege statements for the tables, for a function of `scope`: `GetItem` where the
 * stores read, `PutItem` / `UpdateItem` only where they write and only inside a transaction; the
 * single-item writes only on the payments table's items of the scope's key prefixes. Resources are
 * the table ARNs themselves, plus `Query` on the indexes the scope reads.
 */
export function tableAccessStatements(tables: PaymentsTables, scope: TableAccessScope): PolicyStatement[] {
  const arnsWhere = (pick: (access: (typeof TABLE_ACCESS)[TableRole]) => boolean) =>
    (Object.keys(TABLE_ACCESS) as TableRole[])
      .filter((role) => pick(TABLE_ACCESS[role]))
      .map((role) => tables.byRole[role].tableArn);
  const statement = (action: GrantedDynamoAction, resources: string[], transactional: boolean) =>
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: [action],
      resources,
      ...(transactional ? { conditions: TRANSACTIONAL_ONLY } : {}),
    });
  const payments = tables.byRole.payments.tableArn;
  const shared = [
    statement(
      'dynamodb:GetItem',
      arnsWhere((a) => a.read),
      false,
    ),
    statement(
      'dynamodb:PutItem',
      arnsWhere((a) => a.put),
      true,
    ),
    statement(
      'dynamodb:UpdateItem',
      arnsWhere((a) => a.update),
      true,
    ),
    statement(
      'dynamodb:Query',
      [`${tables.byRole.registrations.tableArn}/index/${EVENT_QUERY_INDEX}`],
      false,
    ),
  ];
  if (scope === 'requests' || scope === 'checkout') {
    const checkoutOnly =
      scope === 'checkout'
        ? [
            // The bound on new checkout sessions per email: one conditional counter per hour.
            new PolicyStatement({
              effect: Effect.ALLOW,
              actions: ['dynamodb:UpdateItem'],
              resources: [payments],
              conditions: {
                'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...CHECKOUT_QUOTA_PREFIXES] },
              },
            }),
            // Today's `GET /registrations?email=`: one person's registrations, by the partition key.
            statement('dynamodb:Query', [tables.byRole.registrations.tableArn], false),
          ]
        : [];
    return [
      ...checkoutOnly,
      // The fast path: an outbox item its own commit recorded, completed or rescheduled.
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        resources: [payments],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...FAST_PATH_PREFIXES] } },
      }),
      ...shared,
    ];
  }
  return [
    // The operations jobs: single writes to outbox, queue, checkpoint and seat-counter items only.
    new PolicyStatement({
      effect: Effect.ALLOW,
      actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      resources: [payments],
      conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...SINGLE_WRITE_PREFIXES] } },
    }),
    // A completed outbox item is deleted inside the transaction that opens its stuck_event.
    statement('dynamodb:DeleteItem', [payments], true),
    statement(
      'dynamodb:Query',
      // The due outbox; the open queue (the operator's list, and the reconciler closing items whose
      // payment a registration already holds).
      [`${payments}/index/${OUTBOX_DUE_INDEX}`, `${payments}/index/${QUEUE_STATUS_INDEX}`],
      false,
    ),
    // The reconciler's list of events to recount (`listEvents`).
    statement('dynamodb:Scan', [tables.byRole.events.tableArn], false),
    ...shared,
  ];
}
