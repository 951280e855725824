import {
  type EventRecord,
  eventPriceCents,
  type RegistrationKey,
  type RegistrationSnapshot,
  registrationFromLegacy,
} from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../deps.ts';

/** A registration as a snapshot, whether we wrote it or today's system did. */
export interface LoadedRegistration {
  snapshot: RegistrationSnapshot;
  legacy: boolean;
}

/**
 * Loads a registration and, for an item today's system wrote, maps it with the event's facts
 * (application-based, this registrant's price) the way core's runner does.
 *
 * @param event the event if the caller already read it (saves a read)
 */
export async function loadRegistration(
  deps: PaymentsHandlerDeps,
  key: RegistrationKey,
  event?: EventRecord | undefined,
): Promise<LoadedRegistration | undefined> {
  const stored = await deps.registrations.loadRegistration(key);
  if (stored === undefined) return undefined;
  if (stored.kind === 'snapshot') return { snapshot: stored.snapshot, legacy: false };
  const ev = event ?? (await deps.events.getEvent(key.eventID, key.year));
  const user = await deps.users.getUser(key.email);
  return {
    snapshot: registrationFromLegacy(stored.item, {
      isApplicationBased: ev?.isApplicationBased ?? false,
      priceCents: eventPriceCents(ev?.pricing, user?.isMember ?? false),
    }),
    legacy: true,
  };
}
