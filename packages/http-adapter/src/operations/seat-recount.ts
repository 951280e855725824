import {
  applyRegistrationEvent,
  countSeats,
  type EventRecord,
  type EventRegistration,
  eventPriceCents,
  reconcileWithEffects,
} from '@biztech/payments-core';
import { runEffects } from '../flows/run-effects.ts';
import type { RouteContext } from '../routes/route-context.ts';

/** A seat counter the recount changed. */
export interface SeatRepair {
  eventID: string;
  year: number;
  from: number;
  to: number;
}

/** True when another service changed the item's statuses since our snapshot, moving its seat. */
function drifted(r: EventRegistration): boolean {
  if (r.stored.kind !== 'snapshot' || r.stored.statuses === undefined) return false;
  return reconcileWithEffects(r.stored.snapshot, r.stored.statuses).effects.length > 0;
}

/**
 * Makes an event's seat counter equal what its stored registrations hold. First every
 * registration whose statuses another service rewrote is synced through the machine (`SYNC`: the
 * statuses win and the seat moves in that commit, exactly as the next event on it would do), so
 * the counter is never moved twice for one change. Then the seats are counted and the counter is
 * set, conditionally on it not having moved since it was read: a commit in between wins and the
 * next pass counts again. The registrations come from an index, so a registration written within
 * the index's lag can be missed; the next pass corrects that too.
 *
 * @returns the repair, or undefined when the counter was right (or moved meanwhile)
 */
export async function recountSeats(
  context: RouteContext,
  event: EventRecord,
  registrations: EventRegistration[],
): Promise<SeatRepair | undefined> {
  const { deps } = context;
  let all = registrations;
  if (all.some(drifted)) {
    for (const r of all.filter(drifted)) {
      const synced = await applyRegistrationEvent(deps, r.key, { type: 'SYNC' });
      await runEffects(context, { kind: 'registration', key: r.key }, synced);
    }
    all = await deps.registrations.listEventRegistrations(event.id, event.year);
  }
  const before = await deps.events.seatsTaken(event.id, event.year);
  const facts = {
    isApplicationBased: event.isApplicationBased,
    priceCents: eventPriceCents(event.pricing, false),
  };
  const counted = countSeats(all, facts);
  if (counted === before) return undefined;
  if (!(await deps.events.repairSeatsTaken(event.id, event.year, before, counted))) return undefined;
  const repair = { eventID: event.id, year: event.year, from: before, to: counted };
  context.logger.warn({ requestId: context.requestId, msg: 'seat counter repaired', ...repair });
  return repair;
}
