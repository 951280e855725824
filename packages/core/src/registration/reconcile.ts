import { stateFromStatuses, statusesOf } from './legacy.ts';
import type { RegistrationSnapshot } from './step.ts';
import { APPLICATION_STATUSES, type ApplicationStatus } from './types.ts';

/** The status strings found on a stored item, as another service may have left them. */
export interface StoredStatuses {
  registrationStatus?: string | undefined;
  applicationStatus?: string | undefined;
}

/**
 * Other BizTech services still write `registrationStatus` directly (the check-in tool sets
 * `checkedIn`, admins edit statuses). When the stored strings no longer match the snapshot, the
 * strings win: the snapshot moves to the state they mean, keeping its payment, sessions and seat
 * bookkeeping, so the next commit does not write the old status back. The version is unchanged,
 * since the item's version condition is what guards the next write. A checkout is dropped when the
 * new state no longer takes payment, so its link is never handed out again.
 */
export function reconcileRegistration(
  snapshot: RegistrationSnapshot,
  stored: StoredStatuses,
): RegistrationSnapshot {
  if (stored.registrationStatus === undefined) return snapshot;
  const ours = statusesOf(snapshot);
  const theirApp = stored.applicationStatus ?? '';
  if (stored.registrationStatus === ours.registrationStatus && theirApp === ours.applicationStatus)
    return snapshot;
  const { context } = snapshot;
  const value = stateFromStatuses(stored.registrationStatus, theirApp, {
    isApplicationBased: context.isApplicationBased,
    priceCents: context.priceCents,
  });
  const payable = value === 'incomplete' || value === 'accepted';
  const applicationStatus = (APPLICATION_STATUSES as readonly string[]).includes(theirApp)
    ? (theirApp as ApplicationStatus)
    : context.applicationStatus;
  return {
    ...snapshot,
    value,
    context: { ...context, applicationStatus, checkout: payable ? context.checkout : null },
  };
}
