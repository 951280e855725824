import type { OutboxItem, QueueItem } from '@biztech/payments-core';
import type { PaymentsKey } from './payment-keys.ts';
import { plainItem } from './plain-item.ts';
import type { PlannedItem } from './transaction.ts';
import { updateExpression } from './update-expression.ts';

/** GSI of the payments table listing outbox items by when they are due (`outboxShard` + `dueAt`). */
export const OUTBOX_DUE_INDEX = 'outbox-due';
/** GSI of the payments table listing queue items by status (`queueStatus` + `createdAt`). */
export const QUEUE_STATUS_INDEX = 'queue-status';
/** The single partition value of {@link OUTBOX_DUE_INDEX}: the outbox is small (it drains), one shard does. */
export const OUTBOX_SHARD = 'OUTBOX';

/** An outbox item: `OUTBOX#<id>`. */
export function outboxKey(id: string): PaymentsKey {
  return { pk: `OUTBOX#${id}`, sk: 'OUTBOX' };
}

/** An operator queue item: `QUEUE#<id>`. */
export function queueKey(id: string): PaymentsKey {
  return { pk: `QUEUE#${id}`, sk: 'QUEUE' };
}

/** Checkout sessions opened for one email in one hour: `QUOTA#<email>#<hourStart>`. */
export function checkoutQuotaKey(email: string, hourStart: number): PaymentsKey {
  return { pk: `QUOTA#${email.toLowerCase()}#${hourStart}`, sk: 'QUOTA' };
}

/** A named checkpoint: `CHECKPOINT#<name>`. */
export function checkpointKey(name: string): PaymentsKey {
  return { pk: `CHECKPOINT#${name}`, sk: 'CHECKPOINT' };
}

/** The stored attributes of an outbox item (its fields plus the index's partition). */
export function outboxAttributes(item: OutboxItem): Record<string, unknown> {
  return plainItem({ ...item, outboxShard: OUTBOX_SHARD });
}

/** The stored attributes of a queue item (its fields plus the index's partition). */
export function queueAttributes(item: QueueItem): Record<string, unknown> {
  return plainItem({ ...item, queueStatus: item.status });
}

/**
 * A write that creates the item unless its id exists, attribute by attribute (`if_not_exists`),
 * so the same effect recorded twice keeps the first item and never cancels the transaction it
 * rides in, as a conditional Put would.
 */
function writeIfAbsent(table: string, key: PaymentsKey, attributes: Record<string, unknown>): PlannedItem {
  return {
    role: { role: 'operation' },
    item: { Update: { TableName: table, Key: key, ...updateExpression({ setIfAbsent: attributes }) } },
  };
}

/** An outbox item, written in the transaction of the change that causes it. */
export function outboxWrite(table: string, item: OutboxItem): PlannedItem {
  return writeIfAbsent(table, outboxKey(item.id), outboxAttributes(item));
}

/** A queue item, written in the transaction of the step that found it. */
export function queueWrite(table: string, item: QueueItem): PlannedItem {
  return writeIfAbsent(table, queueKey(item.id), queueAttributes(item));
}

/** The outbox and queue writes a commit carries. */
export function operationsWrites(
  table: string,
  commit: { outbox?: OutboxItem[] | undefined; queue?: QueueItem[] | undefined },
): PlannedItem[] {
  return [
    ...(commit.outbox ?? []).map((i) => outboxWrite(table, i)),
    ...(commit.queue ?? []).map((i) => queueWrite(table, i)),
  ];
}

const OUTBOX_FIELDS = ['id', 'action', 'subject', 'createdAt', 'dueAt', 'attempts', 'lastError'] as const;
const QUEUE_FIELDS = [
  'id',
  'kind',
  'status',
  'sessionId',
  'paymentIntent',
  'amount',
  'currency',
  'subject',
  'reason',
  'createdAt',
  'outboxItem',
  'resolution',
] as const;

const pick = (item: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));

/** An outbox item as stored, without the table's bookkeeping. */
export function decodeOutbox(item: Record<string, unknown>): OutboxItem {
  return pick(item, OUTBOX_FIELDS) as unknown as OutboxItem;
}

/** A queue item as stored, without the table's bookkeeping. */
export function decodeQueue(item: Record<string, unknown>): QueueItem {
  return pick(item, QUEUE_FIELDS) as unknown as QueueItem;
}
