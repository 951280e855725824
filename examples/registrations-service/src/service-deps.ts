import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createDynamoStores,
  type DynamoStoreOptions,
  type DynamoStores,
  resolveTables,
} from '@biztech/payments-aws';
import type { Clock, EffectPolicy, RegistrationDeps } from '@biztech/payments-core';

/** What the handlers run on: core's runner ports (the aws adapter's stores) and today's table. */
export interface ServiceDeps extends RegistrationDeps {
  /** The operator queue and outbox the commits write to. */
  operations: DynamoStores['operations'];
  /** The same document client the stores use, for the service's own plain updates. */
  client: DynamoDBDocumentClient;
  /** `biztechRegistrations` plus the environment suffix. */
  registrationsTable: string;
}

/** Options of {@link createServiceDeps}. */
export interface ServiceDepsOptions extends DynamoStoreOptions {
  /** Today's `process.env.ENVIRONMENT` suffix of every table name (`PROD`, or empty), as `tableSuffix`. */
  /** Defaults to the system clock. */
  clock?: Clock;
  /** How effects become outbox and queue items; core's default is no auto-refund and no emails. */
  effectPolicy?: EffectPolicy;
}

/**
 * Builds the handlers' dependencies on one document client: the aws adapter's stores on
 * BizTech's existing tables (same suffix as today's service) and the client itself for the
 * service's own attribute updates.
 *
 * @example
 * ```ts
 * const deps = createServiceDeps(DynamoDBDocumentClient.from(new DynamoDBClient({})), {
 *   tableSuffix: process.env.ENVIRONMENT ?? '',
 * });
 * ```
 */
export function createServiceDeps(
  client: DynamoDBDocumentClient,
  options: ServiceDepsOptions = {},
): ServiceDeps {
  const { clock, effectPolicy, ...storeOptions } = options;
  const stores = createDynamoStores(client, storeOptions);
  return {
    registrations: stores.registrations,
    events: stores.events,
    users: stores.users,
    operations: stores.operations,
    clock: clock ?? { now: () => Date.now() },
    ...(effectPolicy ? { effectPolicy } : {}),
    client,
    registrationsTable: resolveTables(storeOptions).registrations,
  };
}
