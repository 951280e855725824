import type { AuditEntry } from '@biztech/payments-core';
import { auditKey, processedEventKey, seatCounterKey, TTL_ATTRIBUTE } from './payment-keys.ts';
import { plainItem } from './plain-item.ts';
import type { PlannedItem } from './transaction.ts';

/** How long a processed-event record is kept when no TTL is configured: well past Stripe's 3 days of retries. */
export const DEFAULT_PROCESSED_EVENT_TTL_DAYS = 30;

const DAY_SECONDS = 24 * 60 * 60;

/**
 * The record that a Stripe event was processed, created only if absent: a second delivery of the
 * same event cancels the whole transaction (mapped to `DuplicateEventError`). DynamoDB's TTL
 * deletes it after `ttlDays`; by then the snapshot's own `processedKeys` and Stripe's retry window
 * have long made a redelivery harmless.
 */
export function processedEventPut(
  table: string,
  stripeEventId: string,
  subject: string,
  at: number,
  ttlDays: number,
): PlannedItem {
  return {
    role: { role: 'processedEvent', stripeEventId },
    item: {
      Put: {
        TableName: table,
        Item: {
          ...processedEventKey(stripeEventId),
          subject,
          processedAt: at,
          [TTL_ATTRIBUTE]: Math.floor(at / 1000) + Math.round(ttlDays * DAY_SECONDS),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The audit line of one change, keyed by the version it produced (so it is written once). */
export function auditPut(table: string, partition: string, version: number, audit: AuditEntry): PlannedItem {
  return {
    role: { role: 'audit' },
    item: {
      Put: {
        TableName: table,
        Item: plainItem({ ...auditKey(partition, version), ...audit, version }),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/**
 * One update of an event's seat counter by `delta`. When `capacity` is given the count before the
 * change must be below it, so concurrent holds can never take more seats than the event has. A
 * release (negative `delta`) needs that many seats counted: the counter never goes below zero.
 */
export function seatCounterUpdate(
  table: string,
  eventID: string,
  year: number,
  delta: number,
  capacity: number | undefined,
  at: number,
): PlannedItem {
  const guarded = capacity !== undefined;
  const releasing = delta < 0;
  return {
    role: { role: 'seats', delta },
    item: {
      Update: {
        TableName: table,
        Key: seatCounterKey(eventID, year),
        UpdateExpression: 'ADD taken :delta SET updatedAt = :at',
        ...(guarded ? { ConditionExpression: 'attribute_not_exists(taken) OR taken < :capac' } : {}),
        ...(releasing ? { ConditionExpression: 'taken >= :need' } : {}),
        ExpressionAttributeValues: {
          ':delta': delta,
          ':at': at,
          ...(guarded ? { ':capac': capacity } : {}),
          ...(releasing ? { ':need': -delta } : {}),
        },
      },
    },
  };
}
