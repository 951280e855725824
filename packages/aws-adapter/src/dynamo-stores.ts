import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type {
  AuditTrail,
  EventStore,
  MembershipStore,
  OperationsStore,
  RegistrationStore,
  UserStore,
} from '@biztech/payments-core';
import { createDynamoAuditTrail } from './audit-trail.ts';
import { createDynamoEventStore } from './event-store.ts';
import { createDynamoMembershipStore } from './membership-store.ts';
import { createDynamoOperationsStore } from './operations-store.ts';
import { createDynamoRegistrationStore } from './registration-store.ts';
import type { DynamoStoreOptions } from './store-options.ts';
import { createDynamoUserStore } from './user-store.ts';

/** Every store core's runners need, on one document client. */
export interface DynamoStores {
  registrations: RegistrationStore;
  memberships: MembershipStore;
  events: EventStore;
  users: UserStore;
  /** The audit lines the commits write, read per record (oldest first). */
  auditTrail: AuditTrail;
  /** Outbox, operator queue and checkpoints in the payments table. */
  operations: OperationsStore;
}

/**
 * Creates every store on the same client and tables. Each is also available alone
 * (`createDynamoRegistrationStore`, ...) with the same options.
 *
 * @example
 * ```ts
 * import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
 * import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
 * import { applyRegistrationEvent } from '@biztech/payments-core';
 *
 * const stores = createDynamoStores(DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-west-2' })), {
 *   tableSuffix: 'PROD',
 * });
 * await applyRegistrationEvent({ ...stores, clock: { now: Date.now } }, key, event);
 * ```
 */
export function createDynamoStores(
  client: DynamoDBDocumentClient,
  options: DynamoStoreOptions = {},
): DynamoStores {
  return {
    registrations: createDynamoRegistrationStore(client, options),
    memberships: createDynamoMembershipStore(client, options),
    events: createDynamoEventStore(client, options),
    users: createDynamoUserStore(client, options),
    auditTrail: createDynamoAuditTrail(client, options),
    operations: createDynamoOperationsStore(client, options),
  };
}
