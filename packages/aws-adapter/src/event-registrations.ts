import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EventRegistration, PersonRegistration } from '@biztech/payments-core';
import { eventYearKey } from './payment-keys.ts';
import { decodeRegistration, formOf } from './registration-item.ts';
import { storeError } from './store-errors.ts';
import { EVENT_QUERY_INDEX } from './table-definitions.ts';

/** `createdAt` (or `updatedAt`) as today's items hold it: epoch ms, or an ISO date string. */
function createdAtOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

/** Every item a query finds, all pages (`LastEvaluatedKey` followed to the end). */
async function queryAll(
  client: DynamoDBDocumentClient,
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  what: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw storeError(error, what);
  }
  return items;
}

/**
 * Every registration of one event through the `event-query` index (every page). The index is
 * eventually consistent: a registration written a moment ago may be missing, which callers
 * tolerate because every change they make is a conditional commit on the item itself.
 */
export async function listEventRegistrations(
  client: DynamoDBDocumentClient,
  table: string,
  eventID: string,
  year: number,
): Promise<EventRegistration[]> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      IndexName: EVENT_QUERY_INDEX,
      KeyConditionExpression: '#k = :k',
      ExpressionAttributeNames: { '#k': 'eventID;year' },
      ExpressionAttributeValues: { ':k': eventYearKey(eventID, year) },
    },
    'list event registrations',
  );
  return items.flatMap((item) =>
    typeof item.id === 'string'
      ? [
          {
            key: { email: item.id, eventID, year },
            stored: decodeRegistration(item),
            createdAt: createdAtOf(item.createdAt),
            updatedAt: createdAtOf(item.updatedAt),
          },
        ]
      : [],
  );
}

/**
 * Every registration of one person: a consistent query of `biztechRegistrations` on its partition
 * key (`id`, the lower-cased email), every page. The `eventID;year` sort key names the event; an
 * event id may itself hold `;`, so the year is what follows the last one.
 */
export async function listPersonRegistrations(
  client: DynamoDBDocumentClient,
  table: string,
  email: string,
): Promise<PersonRegistration[]> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      KeyConditionExpression: '#id = :id',
      ExpressionAttributeNames: { '#id': 'id' },
      ExpressionAttributeValues: { ':id': email.toLowerCase() },
      ConsistentRead: true,
    },
    'list person registrations',
  );
  const found: PersonRegistration[] = [];
  for (const item of items) {
    const eventYear = item['eventID;year'];
    if (typeof item.id !== 'string' || typeof eventYear !== 'string') continue;
    const cut = eventYear.lastIndexOf(';');
    const year = Number(eventYear.slice(cut + 1));
    if (cut <= 0 || !Number.isInteger(year)) continue;
    found.push({
      key: { email: item.id, eventID: eventYear.slice(0, cut), year },
      stored: decodeRegistration(item),
      attributes: formOf(item),
    });
  }
  return found;
}
