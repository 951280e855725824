import {
  isCheckedIn,
  isConfirmed,
  isWaitlisted,
  needsConfirmation,
  needsPayment,
  type RegistrationSnapshot,
  stateFromStatuses,
} from '@biztech/payments-core';
import type { RegistrationView } from './api-types.ts';

/** The questions today's frontend `RegistrationStrategy` asks of a registration. */
export interface RegistrationStrategy {
  /** `incomplete`, or `accepted` on a paid application: the registrant must pay. */
  needsPayment(): boolean;
  /** `acceptedPending`: an accepted application on a free event waits for confirmation. */
  needsConfirmation(): boolean;
  isWaitlisted(): boolean;
  isCheckedIn(): boolean;
  /** `acceptedComplete`. */
  isConfirmed(): boolean;
}

type SnapshotLike = Pick<RegistrationSnapshot, 'value' | 'context'>;

const isSnapshot = (source: RegistrationView | SnapshotLike): source is SnapshotLike =>
  typeof (source as SnapshotLike).value === 'string' && typeof (source as SnapshotLike).context === 'object';

/**
 * Answers `RegistrationStrategy`'s questions with core's selectors, from a machine snapshot or
 * from the status strings the API (and today's tables) hold. A paid application under review
 * (`incomplete` + `reviewing`) does not need payment yet, unlike in today's frontend.
 *
 * @example
 * ```ts
 * const view = await api.getRegistration(email, 'blueprint', 2026);
 * if (view && createRegistrationStrategy(view).needsPayment()) await api.resume({ email, eventID: 'blueprint', year: 2026 });
 * ```
 */
export function createRegistrationStrategy(source: RegistrationView | SnapshotLike): RegistrationStrategy {
  let snapshot: SnapshotLike;
  if (isSnapshot(source)) snapshot = source;
  else {
    const value = stateFromStatuses(source.registrationStatus, source.applicationStatus, {
      isApplicationBased: (source.applicationStatus ?? '') !== '',
      // Only consulted for unknown strings and for accepted applications stored as `incomplete`.
      priceCents: source.registrationStatus === 'registered' ? 0 : 1,
    });
    // The selectors read only `value`; the context is never consulted for these questions.
    snapshot = { value, context: undefined as unknown as SnapshotLike['context'] };
  }
  return {
    needsPayment: () => needsPayment(snapshot),
    needsConfirmation: () => needsConfirmation(snapshot),
    isWaitlisted: () => isWaitlisted(snapshot),
    isCheckedIn: () => isCheckedIn(snapshot),
    isConfirmed: () => isConfirmed(snapshot),
  };
}
