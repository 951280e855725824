import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventRegistration } from '@biztech/payments-core';
import { eventYearKey } from './payment-keys.ts';
import { decodeRegistration } from './registration-item.ts';
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
  const found: EventRegistration[] = [];
  let start: Record<string, unknown> | undefined;
  try {
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: EVENT_QUERY_INDEX,
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': 'eventID;year' },
          ExpressionAttributeValues: { ':k': eventYearKey(eventID, year) },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.id !== 'string') continue;
        found.push({
          key: { email: item.id, eventID, year },
          stored: decodeRegistration(item),
          createdAt: createdAtOf(item.createdAt),
          updatedAt: createdAtOf(item.updatedAt),
        });
      }
      start = page.LastEvaluatedKey;
    } while (start);
  } catch (error) {
    throw storeError(error, 'list event registrations');
  }
  return found;
}
