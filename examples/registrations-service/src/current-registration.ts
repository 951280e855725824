import {
  type EventRecord,
  eventPriceCents,
  type LegacyRegistration,
  type RegistrationKey,
  type RegistrationSnapshot,
  reconcileWithEffects,
  registrationFromLegacy,
  type Stored,
} from '@biztech/payments-core';
import type { ServiceDeps } from './service-deps.ts';

/** A registration as the machine sees it now, with the item as read (handed to the runner). */
export interface CurrentRegistration {
  snapshot: RegistrationSnapshot;
  stored: Stored<RegistrationSnapshot, LegacyRegistration>;
}

/**
 * Reads one registration and the state it is in: statuses another tool wrote since the packages'
 * last commit (the check-in tool's `checkedIn`) win over the snapshot, as core's runner lets them;
 * an item today's service wrote (no snapshot) is mapped with the event's facts. One GetItem (plus
 * the event and user for a legacy item, when the caller has not read the event).
 *
 * @returns `undefined` when there is no such registration
 */
export async function loadCurrentRegistration(
  deps: ServiceDeps,
  key: RegistrationKey,
  event?: EventRecord,
): Promise<CurrentRegistration | undefined> {
  const stored = await deps.registrations.loadRegistration(key);
  if (stored === undefined) return undefined;
  if (stored.kind === 'snapshot') {
    const snapshot = stored.statuses
      ? reconcileWithEffects(stored.snapshot, stored.statuses).snapshot
      : stored.snapshot;
    return { snapshot, stored };
  }
  const ev = event ?? (await deps.events.getEvent(key.eventID, key.year));
  const user = await deps.users.getUser(key.email);
  const snapshot = registrationFromLegacy(stored.item, {
    isApplicationBased: ev?.isApplicationBased ?? false,
    priceCents: eventPriceCents(ev?.pricing, user?.isMember ?? false),
  });
  return { snapshot, stored };
}
