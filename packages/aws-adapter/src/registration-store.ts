import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RegistrationCommit, RegistrationKey, RegistrationStore } from '@biztech/payments-core';
import { auditPut, DEFAULT_PROCESSED_EVENT_TTL_DAYS, processedEventPut } from './bookkeeping-items.ts';
import { listEventRegistrations, listPersonRegistrations } from './event-registrations.ts';
import { operationsWrites } from './operations-items.ts';
import { registrationPartition } from './payment-keys.ts';
import {
  decodeRegistration,
  formOf,
  registrationItemKey,
  registrationStateWrite,
} from './registration-item.ts';
import { seatCounterWrite } from './seat-effects.ts';
import { SeatCounterEmptyError, storeError } from './store-errors.ts';
import type { DynamoStoreOptions } from './store-options.ts';
import { resolveTables } from './table-names.ts';
import { commitPlan, type PlannedItem } from './transaction.ts';

/**
 * A `RegistrationStore` on `biztechRegistrations`: the machine's snapshot lives on today's
 * registration item (`paymentSnapshot`, `paymentVersion`) beside the status strings other
 * services read. A commit is one `TransactWriteItems`: the version-conditioned item write, the
 * processed Stripe event, the audit line and the seat counter, all or nothing.
 *
 * @example
 * ```ts
 * const registrations = createDynamoRegistrationStore(DynamoDBDocumentClient.from(new DynamoDBClient({})), {
 *   tableSuffix: 'PROD',
 * });
 * const stored = await registrations.loadRegistration({ email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 });
 * ```
 */
export function createDynamoRegistrationStore(
  client: DynamoDBDocumentClient,
  options: DynamoStoreOptions = {},
): RegistrationStore {
  const tables = resolveTables(options);
  const ttlDays = options.processedEventTtlDays ?? DEFAULT_PROCESSED_EVENT_TTL_DAYS;

  async function getItem(key: RegistrationKey): Promise<Record<string, unknown> | undefined> {
    try {
      const out = await client.send(
        new GetCommand({
          TableName: tables.registrations,
          Key: registrationItemKey(key),
          ConsistentRead: true,
        }),
      );
      return out.Item;
    } catch (error) {
      throw storeError(error, 'load registration');
    }
  }

  return {
    async loadRegistration(key) {
      const item = await getItem(key);
      return item === undefined ? undefined : decodeRegistration(item);
    },

    async commitRegistration(commit: RegistrationCommit) {
      const partition = registrationPartition(commit.key);
      const plan: PlannedItem[] = [registrationStateWrite(tables.registrations, commit)];
      if (commit.stripeEventId) {
        plan.push(
          processedEventPut(tables.payments, commit.stripeEventId, partition, commit.audit.at, ttlDays),
        );
      }
      plan.push(auditPut(tables.payments, partition, commit.next.version, commit.audit));
      plan.push(...operationsWrites(tables.payments, commit));
      const seats = seatCounterWrite(tables.payments, commit);
      try {
        await commitPlan(client, seats ? [...plan, seats] : plan, 'commit registration');
      } catch (error) {
        // A release from a counter already at zero: the change stands, the counter stays at zero.
        if (!(error instanceof SeatCounterEmptyError)) throw error;
        await commitPlan(client, plan, 'commit registration');
      }
    },

    listEventRegistrations: (eventID, year) =>
      listEventRegistrations(client, tables.registrations, eventID, year),

    listPersonRegistrations: (email) => listPersonRegistrations(client, tables.registrations, email),

    async getRegistrationForm(key) {
      const item = await getItem(key);
      return item === undefined ? undefined : formOf(item);
    },
  };
}
