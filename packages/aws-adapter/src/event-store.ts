import { type DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventPricing, EventRecord, EventStore } from '@biztech/payments-core';
import { seatCounterKey } from './payment-keys.ts';
import { storeError } from './store-errors.ts';
import { resolveTables, type TableOptions } from './table-names.ts';

/** A number stored as N, or as a numeric string by older tools; anything else is absent. */
function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

function pricingOf(value: unknown): EventPricing | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  return { members: numberOf(p.members), nonMembers: numberOf(p.nonMembers) };
}

/** Maps a `biztechEvents` item to what payments needs of it. */
export function eventRecordOf(item: Record<string, unknown>): EventRecord {
  return {
    id: String(item.id),
    year: numberOf(item.year) ?? 0,
    ename: typeof item.ename === 'string' ? item.ename : String(item.id),
    imageUrl: typeof item.imageUrl === 'string' ? item.imageUrl : undefined,
    capac: numberOf(item.capac),
    isApplicationBased: item.isApplicationBased === true,
    pricing: pricingOf(item.pricing),
  };
}

/**
 * An `EventStore` reading `biztechEvents` (key `id` + `year` N) and the seat counters the
 * registration commits keep in the payments table (`SEATS#<eventID>;<year>`, 0 when absent).
 *
 * @example
 * ```ts
 * const events = createDynamoEventStore(documentClient, { tableSuffix: 'PROD' });
 * const event = await events.getEvent('blueprint', 2026);
 * ```
 */
export function createDynamoEventStore(
  client: DynamoDBDocumentClient,
  options: TableOptions = {},
): EventStore {
  const tables = resolveTables(options);
  return {
    async getEvent(eventID, year) {
      try {
        const out = await client.send(
          new GetCommand({ TableName: tables.events, Key: { id: eventID, year } }),
        );
        return out.Item === undefined ? undefined : eventRecordOf(out.Item);
      } catch (error) {
        throw storeError(error, 'get event');
      }
    },

    async seatsTaken(eventID, year) {
      try {
        const out = await client.send(
          new GetCommand({
            TableName: tables.payments,
            Key: seatCounterKey(eventID, year),
            ConsistentRead: true,
          }),
        );
        return numberOf(out.Item?.taken) ?? 0;
      } catch (error) {
        throw storeError(error, 'read seat counter');
      }
    },

    async listEvents(fromYear) {
      // `biztechEvents` holds a few hundred items a year and has no year index: a filtered Scan
      // (all pages) is what the reconciler can afford every 15 minutes.
      const events: EventRecord[] = [];
      let start: Record<string, unknown> | undefined;
      try {
        do {
          const out = await client.send(
            new ScanCommand({
              TableName: tables.events,
              FilterExpression: '#year >= :from',
              ExpressionAttributeNames: { '#year': 'year' },
              ExpressionAttributeValues: { ':from': fromYear },
              ExclusiveStartKey: start,
            }),
          );
          events.push(...(out.Items ?? []).map(eventRecordOf));
          start = out.LastEvaluatedKey;
        } while (start !== undefined);
      } catch (error) {
        throw storeError(error, 'list events');
      }
      return events;
    },

    async repairSeatsTaken(eventID, year, expected, taken) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tables.payments,
            Key: seatCounterKey(eventID, year),
            UpdateExpression: 'SET taken = :taken, repairedAt = :at',
            // An absent counter reads as 0, as `seatsTaken` answers.
            ConditionExpression:
              expected === 0 ? 'attribute_not_exists(taken) OR taken = :expected' : 'taken = :expected',
            ExpressionAttributeValues: { ':taken': taken, ':expected': expected, ':at': Date.now() },
          }),
        );
        return true;
      } catch (error) {
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw storeError(error, 'repair seat counter');
      }
    },
  };
}
