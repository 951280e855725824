/**
 * Every failure code the payments packages raise. Expected business outcomes (payment failed,
 * session expired, event full) are machine states or step outcomes, never errors.
 */
export type PaymentsErrorCode =
  | 'invalid_price'
  | 'metadata_limit'
  | 'invalid_snapshot'
  | 'version_conflict'
  | 'duplicate_event'
  | 'capacity_exceeded'
  | 'profile_id_taken'
  | 'member_exists'
  | 'store_unavailable'
  | 'store_rejected'
  | 'gateway_unavailable'
  | 'gateway_rejected'
  | 'not_found'
  | 'transition_retries_exhausted'
  | 'queue_item_resolved';

/**
 * Base class of every error the payments packages throw. `code` is machine-readable, `retryable`
 * says whether the same call may succeed later (adapters map it to a 5xx so Stripe retries).
 *
 * @example
 * ```ts
 * try { await store.commit(change); } catch (e) {
 *   if (e instanceof PaymentsError && e.retryable) return new Response(null, { status: 503 });
 * }
 * ```
 */
export class PaymentsError extends Error {
  readonly code: PaymentsErrorCode;
  readonly retryable: boolean;
  constructor(
    code: PaymentsErrorCode,
    message: string,
    options: { cause?: unknown; retryable?: boolean } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** A price that is negative, not finite, or not representable in whole cents. */
export class InvalidPriceError extends PaymentsError {
  constructor(message: string) {
    super('invalid_price', message);
  }
}

/** Checkout metadata that would break one of Stripe's limits (50 keys, 40-char keys, 500-char values). */
export class MetadataLimitError extends PaymentsError {
  readonly key: string | undefined;
  constructor(message: string, key?: string) {
    super('metadata_limit', message);
    this.key = key;
  }
}

/** A stored snapshot that does not parse, or has a schema version this code does not know. */
export class InvalidSnapshotError extends PaymentsError {
  constructor(message: string, cause?: unknown) {
    super('invalid_snapshot', message, { cause });
  }
}

/** The stored version moved since it was read: reload and step again. */
export class VersionConflictError extends PaymentsError {
  constructor(message = 'the stored version changed since it was read', cause?: unknown) {
    super('version_conflict', message, { cause, retryable: true });
  }
}

/** The Stripe event id was already recorded as processed: the delivery is a duplicate. */
export class DuplicateEventError extends PaymentsError {
  readonly eventId: string;
  constructor(eventId: string, cause?: unknown) {
    super('duplicate_event', `event ${eventId} was already processed`, { cause });
    this.eventId = eventId;
  }
}

/** A seat hold would push the event's count over its capacity: step again with no seat available. */
export class CapacityExceededError extends PaymentsError {
  constructor(message = 'the event is full', cause?: unknown) {
    super('capacity_exceeded', message, { cause });
  }
}

/** The generated profileID is already used: generate another and step again. */
export class ProfileIdTakenError extends PaymentsError {
  constructor(profileID: string, cause?: unknown) {
    super('profile_id_taken', `profileID ${profileID} is already taken`, { cause });
  }
}

/**
 * The membership year's member item (`biztechMembers<year>`) already exists, so an activation cannot
 * create it: today's system (or another writer) made this person a member of the year. Not a
 * version conflict and not retryable: the runner reloads, takes the membership as active (reporting
 * the payment that tried to activate it) and never loops on it.
 */
export class MemberRecordExistsError extends PaymentsError {
  constructor(message = 'the member record of this membership year already exists', cause?: unknown) {
    super('member_exists', message, { cause });
  }
}

/** The store could not be reached or throttled the call; the same call may succeed later. */
export class StoreUnavailableError extends PaymentsError {
  constructor(message: string, cause?: unknown) {
    super('store_unavailable', message, { cause, retryable: true });
  }
}

/** A transition kept conflicting with concurrent writers beyond the retry budget. */
export class RetriesExhaustedError extends PaymentsError {
  constructor(attempts: number, cause?: unknown) {
    super('transition_retries_exhausted', `gave up after ${attempts} conflicting attempts`, {
      cause,
      retryable: true,
    });
  }
}

/** The store refused the call for a reason a retry will not fix (a validation error, a missing table). */
export class StoreRejectedError extends PaymentsError {
  constructor(message: string, cause?: unknown) {
    super('store_rejected', message, { cause, retryable: false });
  }
}

/** A queue item was resolved already (two operators, or a repeated request): nothing was changed. */
export class QueueItemResolvedError extends PaymentsError {
  constructor(id: string) {
    super('queue_item_resolved', `queue item ${id} is not open`, { retryable: false });
  }
}
