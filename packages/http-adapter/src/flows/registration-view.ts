import {
  applyRegistrationEvent,
  type EventRecord,
  eventPriceCents,
  type LegacyRegistration,
  type RegistrationKey,
  type RegistrationSnapshot,
  reconcileWithEffects,
  registrationFromLegacy,
  type Stored,
} from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../deps.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { runEffects } from './run-effects.ts';

/** A registration as a snapshot, whether we wrote it or today's system did. */
export interface LoadedRegistration {
  snapshot: RegistrationSnapshot;
  legacy: boolean;
  /** Statuses written around us imply changes not yet committed (seat counter, a checkout to expire). */
  unsettled: boolean;
  /**
   * The item as read, for the runner's `loaded` option (so a write route reads it once); absent
   * once a write made it stale.
   */
  stored?: Stored<RegistrationSnapshot, LegacyRegistration>;
}

/**
 * Loads a registration as it stands, the way core's runner sees it: statuses another service
 * wrote (the check-in tool's `checkedIn`, an admin's `cancelled`) win over the snapshot, and an
 * item today's system wrote is mapped with the event's facts (application-based, this
 * registrant's price). Reads only; see {@link settleRegistration} for the writes it may imply.
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
  if (stored.kind === 'snapshot') {
    if (!stored.statuses) return { snapshot: stored.snapshot, legacy: false, unsettled: false, stored };
    const reconciled = reconcileWithEffects(stored.snapshot, stored.statuses);
    return {
      snapshot: reconciled.snapshot,
      legacy: false,
      unsettled: reconciled.effects.length > 0,
      stored,
    };
  }
  const ev = event ?? (await deps.events.getEvent(key.eventID, key.year));
  const user = await deps.users.getUser(key.email);
  return {
    snapshot: registrationFromLegacy(stored.item, {
      isApplicationBased: ev?.isApplicationBased ?? false,
      priceCents: eventPriceCents(ev?.pricing, user?.isMember ?? false),
    }),
    legacy: true,
    unsettled: false,
    stored,
  };
}

/**
 * The runner options that reuse what a route has read already: the stored item (when still
 * current) and the event.
 */
export function runnerReads(
  loaded: LoadedRegistration | undefined,
  event?: EventRecord,
): { loaded?: Stored<RegistrationSnapshot, LegacyRegistration> | null; event?: EventRecord } {
  return {
    ...(loaded === undefined ? { loaded: null } : loaded.stored ? { loaded: loaded.stored } : {}),
    ...(event ? { event } : {}),
  };
}

/**
 * Before a write route acts on a registration whose statuses were changed around us, commits
 * what they imply: the seat goes back to the counter and a checkout that can no longer be paid
 * is expired at Stripe (so a place an admin cancelled cannot be paid through an old tab).
 */
export async function settleRegistration(
  context: RouteContext,
  key: RegistrationKey,
  loaded: LoadedRegistration,
): Promise<LoadedRegistration> {
  if (!loaded.unsettled) return loaded;
  const synced = await applyRegistrationEvent(context.deps, key, { type: 'SYNC' }, runnerReads(loaded));
  await runEffects(context, { kind: 'registration', key }, synced);
  return { snapshot: synced.snapshot, legacy: false, unsettled: false };
}
