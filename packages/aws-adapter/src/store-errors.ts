import {
  CapacityExceededError,
  DuplicateEventError,
  MemberRecordExistsError,
  PaymentsError,
  ProfileIdTakenError,
  QueueItemResolvedError,
  StoreRejectedError,
  StoreUnavailableError,
  VersionConflictError,
} from '@biztech/payments-core';

/** What an item of a transaction stands for, so a cancellation reason can be read by its index. */
export type ItemRole =
  | { role: 'state' }
  | { role: 'processedEvent'; stripeEventId: string }
  | { role: 'audit' }
  | { role: 'seats'; delta: number }
  | { role: 'user' }
  | { role: 'member' }
  | { role: 'profile'; profileID: string }
  /** An outbox or queue item written if absent (never a failing condition). */
  | { role: 'operation' }
  /** The open queue item a resolution changes. */
  | { role: 'queueItem'; id: string };

/**
 * A release found the seat counter already at zero: it drifted (seats given before the counter
 * existed, or recounted). Not a conflict to retry and not a fault: the store commits the change
 * without the release, since a counter never goes below zero.
 */
export class SeatCounterEmptyError extends StoreRejectedError {}

/** Error names AWS services and the SDK use for faults that may pass: throttling, conflicts, 5xx, timeouts. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  // Cognito's throttling and server fault names.
  'TooManyRequestsException',
  'InternalErrorException',
]);

/** Node's socket error codes: the request may or may not have reached DynamoDB. */
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Cancellation reason codes that mean "try again later", not "your condition failed". */
const RETRYABLE_REASONS = new Set([
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'TransactionConflict',
]);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $fault?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  CancellationReasons?: { Code?: string }[];
}

/** True when the same call may succeed later: throttling, transaction conflicts, 5xx, network faults. */
export function isRetryableStoreFault(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as SdkErrorShape;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.$retryable) return true;
  if (e.$fault === 'server') return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/**
 * Translates a failed read or single write into core's errors: retryable faults become
 * `StoreUnavailableError`, anything else `StoreRejectedError` (not retryable); core's own errors pass.
 */
export function storeError(error: unknown, operation: string): PaymentsError {
  if (error instanceof PaymentsError) return error;
  const e = error as (SdkErrorShape & { message?: string }) | null;
  // AWS messages name the problem (a condition, a limit, a parameter), never item values or secrets.
  const why = [e?.name ?? 'Error', e?.message].filter(Boolean).join(': ');
  if (isRetryableStoreFault(error)) {
    return new StoreUnavailableError(`${operation} failed (${why}); the call may be retried`, error);
  }
  return new StoreRejectedError(`${operation} failed (${why})`, error);
}

/**
 * Translates a failed `TransactWriteItems` into core's errors, reading `CancellationReasons` by
 * the index of each item's role. When several conditions failed, the most telling wins: a
 * processed event means the delivery is a duplicate whatever else moved.
 */
export function transactionError(
  error: unknown,
  roles: readonly ItemRole[],
  operation: string,
): PaymentsError {
  const e = error as SdkErrorShape | null;
  // Raised when another transaction holds one of the items right now: a concurrency conflict,
  // so reload and step again like a version conflict (core's runner does) rather than fail the call.
  if (e?.name === 'TransactionConflictException') {
    return new VersionConflictError(`${operation}: a concurrent transaction holds one of the items`, error);
  }
  if (e?.name !== 'TransactionCanceledException') return storeError(error, operation);
  const reasons = e.CancellationReasons ?? [];
  const failed = roles.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed');
  const duplicate = failed.find((r) => r.role === 'processedEvent');
  if (duplicate?.role === 'processedEvent') return new DuplicateEventError(duplicate.stripeEventId, error);
  if (failed.some((r) => r.role === 'state' || r.role === 'audit')) {
    return new VersionConflictError(`${operation}: the stored version changed since it was read`, error);
  }
  const seats = failed.find((r) => r.role === 'seats');
  if (seats?.role === 'seats' && seats.delta < 0) {
    return new SeatCounterEmptyError(`${operation}: the seat counter has no seat to release`, error);
  }
  if (seats) return new CapacityExceededError(`${operation}: the event has no seat left`, error);
  const queueItem = failed.find((r) => r.role === 'queueItem');
  if (queueItem?.role === 'queueItem') return new QueueItemResolvedError(queueItem.id);
  const profile = failed.find((r) => r.role === 'profile');
  if (profile?.role === 'profile') return new ProfileIdTakenError(profile.profileID, error);
  // The year's member item exists: today's system (or a concurrent activation) made the member.
  // Not a version conflict: retrying the same activation can never succeed, so it has its own error
  // and core's runner takes the membership as active instead of looping until its budget runs out.
  if (failed.some((r) => r.role === 'member')) {
    return new MemberRecordExistsError(`${operation}: the member record of the year already exists`, error);
  }
  // Another transaction held one of the items. Reloading and stepping again is the way through,
  // which is what core's runner does on a version conflict.
  if (reasons.some((r) => r.Code === 'TransactionConflict')) {
    return new VersionConflictError(`${operation}: a concurrent transaction touched the same items`, error);
  }
  if (reasons.some((r) => r.Code !== undefined && RETRYABLE_REASONS.has(r.Code))) {
    return new StoreUnavailableError(`${operation} was throttled; the call may be retried`, error);
  }
  const codes = reasons.map((r) => r.Code ?? 'None').join(',');
  return new StoreRejectedError(`${operation} was cancelled (${codes})`, error);
}
