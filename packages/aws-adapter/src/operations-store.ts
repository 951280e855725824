import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import {
  type OperationsStore,
  type OutboxItem,
  type QueueItem,
  QueueItemResolvedError,
} from '@biztech/payments-core';
import {
  checkoutQuotaKey,
  checkpointKey,
  decodeOutbox,
  decodeQueue,
  OUTBOX_DUE_INDEX,
  OUTBOX_SHARD,
  outboxKey,
  outboxWrite,
  QUEUE_STATUS_INDEX,
  queueAttributes,
  queueKey,
  queueWrite,
} from './operations-items.ts';
import { TTL_ATTRIBUTE } from './payment-keys.ts';
import { plainItem } from './plain-item.ts';
import { storeError } from './store-errors.ts';
import { resolveTables, type TableOptions } from './table-names.ts';
import { commitPlan, MAX_TRANSACTION_ITEMS, type PlannedItem } from './transaction.ts';

const isConditionFailure = (error: unknown) =>
  (error as { name?: string } | null)?.name === 'ConditionalCheckFailedException';

/** A page cursor is the index's `LastEvaluatedKey`, as base64url JSON. */
function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Thrown for a cursor that no page of ours produced. */
export class InvalidCursorError extends RangeError {
  constructor() {
    super('invalid cursor');
  }
}

function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key === 'object' && key !== null && !Array.isArray(key)) {
      const k = key as Record<string, unknown>;
      const shape = ['pk', 'sk', 'queueStatus', 'createdAt'];
      if (Object.keys(k).every((f) => shape.includes(f))) return k;
    }
  } catch {
    // Falls through to the refusal below.
  }
  throw new InvalidCursorError();
}

/**
 * The `OperationsStore` on the payments table (`biztechPayments`): outbox items `OUTBOX#<id>`
 * listed by the `outbox-due` index, queue items `QUEUE#<id>` listed by the `queue-status` index,
 * checkpoints `CHECKPOINT#<name>`. The machine stores write outbox and queue items inside their
 * commits; this store drains, reports, resolves and lists them. Index reads are eventually
 * consistent: an item just completed may be listed once more, which the idempotent actions make
 * harmless.
 *
 * @example
 * ```ts
 * const operations = createDynamoOperationsStore(documentClient, { tableSuffix: 'PROD' });
 * const open = await operations.listQueue('open');
 * ```
 */
export function createDynamoOperationsStore(
  client: DynamoDBDocumentClient,
  options: TableOptions = {},
): OperationsStore {
  const table = resolveTables(options).payments;

  const get = async (key: Record<string, unknown>, operation: string) => {
    try {
      const out = await client.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
      return out.Item;
    } catch (error) {
      throw storeError(error, operation);
    }
  };
  const send = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw storeError(error, operation);
    }
  };
  const commitChunks = async (plan: PlannedItem[], operation: string) => {
    for (let i = 0; i < plan.length; i += MAX_TRANSACTION_ITEMS) {
      await commitPlan(client, plan.slice(i, i + MAX_TRANSACTION_ITEMS), operation);
    }
  };

  return {
    async listDueOutbox(now, limit) {
      const out = await send('list due outbox', () =>
        client.send(
          new QueryCommand({
            TableName: table,
            IndexName: OUTBOX_DUE_INDEX,
            KeyConditionExpression: 'outboxShard = :shard AND dueAt <= :now',
            ExpressionAttributeValues: { ':shard': OUTBOX_SHARD, ':now': now },
            Limit: limit,
          }),
        ),
      );
      return (out.Items ?? []).map(decodeOutbox);
    },

    async getOutboxItem(id) {
      const item = await get(outboxKey(id), 'get outbox item');
      return item === undefined ? undefined : decodeOutbox(item);
    },

    async completeOutbox(id) {
      await send('complete outbox item', () =>
        client.send(new DeleteCommand({ TableName: table, Key: outboxKey(id) })),
      );
    },

    async retryOutbox(id, previousAttempts, nextDueAt, error) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: outboxKey(id),
            UpdateExpression: 'SET attempts = :next, dueAt = :due, lastError = :error',
            ConditionExpression: 'attempts = :previous',
            ExpressionAttributeValues: {
              ':next': previousAttempts + 1,
              ':previous': previousAttempts,
              ':due': nextDueAt,
              ':error': error,
            },
          }),
        );
      } catch (e) {
        // Another drainer recorded this attempt (or completed the item) first: theirs stands.
        if (isConditionFailure(e)) return;
        throw storeError(e, 'retry outbox item');
      }
    },

    async stickOutbox(id, item) {
      await commitPlan(
        client,
        [
          { role: { role: 'operation' }, item: { Delete: { TableName: table, Key: outboxKey(id) } } },
          queueWrite(table, item),
        ],
        'move outbox item to the queue',
      );
    },

    async addOutbox(items: OutboxItem[]) {
      await commitChunks(
        items.map((i) => outboxWrite(table, i)),
        'add outbox items',
      );
    },

    async report(item: QueueItem, outbox: OutboxItem[] = []) {
      try {
        await commitPlan(
          client,
          [
            {
              role: { role: 'queueItem', id: item.id },
              item: {
                Put: {
                  TableName: table,
                  Item: { ...queueKey(item.id), ...queueAttributes(item) },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
            },
            ...outbox.map((i) => outboxWrite(table, i)),
          ],
          'report queue item',
        );
        return true;
      } catch (error) {
        // The queue item exists: the same thing was reported before, and its outbox with it.
        if (error instanceof QueueItemResolvedError) return false;
        throw error;
      }
    },

    async getQueueItem(id) {
      const item = await get(queueKey(id), 'get queue item');
      return item === undefined ? undefined : decodeQueue(item);
    },

    async listQueue(status, options = {}) {
      const start = decodeCursor(options.cursor);
      const out = await send('list queue', () =>
        client.send(
          new QueryCommand({
            TableName: table,
            IndexName: QUEUE_STATUS_INDEX,
            KeyConditionExpression: 'queueStatus = :status',
            ExpressionAttributeValues: { ':status': status },
            Limit: options.limit ?? 50,
            ExclusiveStartKey: start,
          }),
        ),
      );
      const cursor = encodeCursor(out.LastEvaluatedKey);
      const items = (out.Items ?? []).map(decodeQueue);
      return cursor === undefined ? { items } : { items, cursor };
    },

    async resolveQueueItem(id, resolution, outbox = []) {
      await commitPlan(
        client,
        [
          {
            role: { role: 'queueItem', id },
            item: {
              Update: {
                TableName: table,
                Key: queueKey(id),
                UpdateExpression:
                  'SET #status = :resolved, queueStatus = :resolved, resolution = :resolution',
                ConditionExpression: 'queueStatus = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':resolved': 'resolved',
                  ':open': 'open',
                  ':resolution': plainItem(resolution),
                },
              },
            },
          },
          ...outbox.map((i) => outboxWrite(table, i)),
        ],
        'resolve queue item',
      );
    },

    async takeCheckoutQuota(email, hourStart, limit) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: table,
            Key: checkoutQuotaKey(email, hourStart),
            // One conditional add: two tabs at once cannot both take the last session of the hour.
            UpdateExpression: 'ADD #taken :one SET #ttl = if_not_exists(#ttl, :ttl)',
            ConditionExpression: 'attribute_not_exists(#taken) OR #taken < :limit',
            ExpressionAttributeNames: { '#taken': 'taken', '#ttl': TTL_ATTRIBUTE },
            ExpressionAttributeValues: {
              ':one': 1,
              ':limit': limit,
              // Kept a day past its hour, then DynamoDB's TTL removes it.
              ':ttl': Math.floor(hourStart / 1000) + 25 * 3600,
            },
          }),
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw storeError(error, 'take checkout quota');
      }
    },

    async getCheckpoint(name) {
      const item = await get(checkpointKey(name), 'get checkpoint');
      return typeof item?.value === 'number' ? item.value : undefined;
    },

    async setCheckpoint(name, value) {
      await send('set checkpoint', () =>
        client.send(new PutCommand({ TableName: table, Item: { ...checkpointKey(name), value } })),
      );
    },
  };
}
