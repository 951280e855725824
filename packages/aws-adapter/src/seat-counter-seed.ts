import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { countSeats, eventPriceCents } from '@biztech/payments-core';
import { listEventRegistrations } from './event-registrations.ts';
import { eventRecordOf } from './event-store.ts';
import { seatCounterKey } from './payment-keys.ts';
import { storeError } from './store-errors.ts';
import { resolveTables, type TableOptions } from './table-names.ts';

/** What `initializeSeatCounter` found or wrote. */
export interface SeatCounterSeed {
  /** The counter's value after the call. */
  taken: number;
  /** False when a counter already existed (it is never overwritten). */
  created: boolean;
}

/**
 * Starts an event's seat counter from the registrations already stored, for events that took
 * registrations before this package: the counter otherwise starts at 0 and the capacity condition
 * would admit as many new seats as the event has. Counts the `event-query` GSI's items whose seat
 * is held or used: a snapshot's `seat`, or for today's items what core's legacy mapping says.
 * Writes only if no counter exists (`attribute_not_exists`), so it is safe to run at any time; run
 * it before the event opens for payments through this package.
 *
 * @example
 * ```ts
 * await initializeSeatCounter(documentClient, 'blueprint', 2026, { tableSuffix: 'PROD' });
 * // → { taken: 87, created: true }
 * ```
 */
export async function initializeSeatCounter(
  client: DynamoDBDocumentClient,
  eventID: string,
  year: number,
  options: TableOptions = {},
): Promise<SeatCounterSeed> {
  const tables = resolveTables(options);
  try {
    const event = (
      await client.send(new GetCommand({ TableName: tables.events, Key: { id: eventID, year } }))
    ).Item;
    const record = event ? eventRecordOf(event) : undefined;
    const facts = {
      isApplicationBased: record?.isApplicationBased ?? false,
      priceCents: eventPriceCents(record?.pricing, false),
    };
    const taken = countSeats(
      await listEventRegistrations(client, tables.registrations, eventID, year),
      facts,
    );
    try {
      await client.send(
        new PutCommand({
          TableName: tables.payments,
          Item: { ...seatCounterKey(eventID, year), taken, updatedAt: Date.now() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { taken, created: true };
    } catch (error) {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
      const existing = await client.send(
        new GetCommand({
          TableName: tables.payments,
          Key: seatCounterKey(eventID, year),
          ConsistentRead: true,
        }),
      );
      return { taken: Number(existing.Item?.taken ?? 0), created: false };
    }
  } catch (error) {
    throw storeError(error, 'initialize seat counter');
  }
}
