export { createDynamoAuditTrail } from './audit-trail.ts';
export { type CognitoIdentityOptions, createCognitoIdentityProvider } from './cognito-identity-provider.ts';
export { type CallCounter, type CallCounts, countCalls, type MiddlewareHost } from './count-calls.ts';
export { type CreateTablesOptions, createTables, type TableSetup } from './create-tables.ts';
export { createDynamoStores, type DynamoStores } from './dynamo-stores.ts';
export { EmailSendError, type SesFailure } from './email-errors.ts';
export { createDynamoEventStore } from './event-store.ts';
export { createDynamoMembershipStore } from './membership-store.ts';
export {
  checkpointKey,
  OUTBOX_DUE_INDEX,
  OUTBOX_SHARD,
  outboxKey,
  QUEUE_STATUS_INDEX,
  queueKey,
} from './operations-items.ts';
export { createDynamoOperationsStore, InvalidCursorError } from './operations-store.ts';
export {
  auditKey,
  eventYearKey,
  membershipSnapshotKey,
  processedEventKey,
  seatCounterKey,
  TTL_ATTRIBUTE,
} from './payment-keys.ts';
export { createDynamoReadinessProbe, READINESS_PROBE_KEY } from './readiness-probe.ts';
export { REGISTRATION_BOOKKEEPING } from './registration-item.ts';
export { createDynamoRegistrationStore } from './registration-store.ts';
export { initializeSeatCounter, type SeatCounterSeed } from './seat-counter-seed.ts';
export { createSesEmailSender, type SesEmailSenderOptions } from './ses-email-sender.ts';
export { isRetryableStoreFault } from './store-errors.ts';
export type { DynamoStoreOptions } from './store-options.ts';
export {
  EVENT_QUERY_INDEX,
  PROFILE_QUERY_INDEX,
  type TableDefinition,
  tableDefinitions,
} from './table-definitions.ts';
export {
  DEFAULT_MEMBERSHIP_YEAR,
  type ResolvedTables,
  resolveTables,
  type TableNames,
  type TableOptions,
} from './table-names.ts';
export { createDynamoUserStore } from './user-store.ts';
