import { stateFromStatuses, statusesOf } from './legacy.ts';
import type { RegistrationSnapshot } from './step.ts';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  type RegistrationEffect,
  type SeatState,
} from './types.ts';

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
 * new state no longer takes payment, so its link is never handed out again, an open waitlist
 * offer ends unless the state is still `incomplete`, and the seat follows the state (see {@link reconcileWithEffects} for the counter).
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
    context: {
      ...context,
      applicationStatus,
      checkout: payable ? context.checkout : null,
      seat: seatIn(value, context.seat),
      // An offer holds a seat only while the registration is payable; any other state ends it.
      ...(value !== 'incomplete' && context.offer ? { offer: null } : {}),
    },
  };
}

/** States that hold a place at the event, whoever put the registration there. */
const PLACE_STATES = new Set(['registered', 'acceptedComplete', 'checkedIn']);
/** States that may keep a seat held for a checkout in progress. */
const HOLDING_STATES = new Set(['incomplete', 'accepted']);

/** The seat a registration in `state` has, given the one it had: a place uses one, a dead end none. */
function seatIn(state: string, seat: SeatState): SeatState {
  if (PLACE_STATES.has(state)) return 'used';
  if (HOLDING_STATES.has(state)) return seat;
  return 'none';
}

/** A reconciliation and what it asks the adapters to do, so the seat counter follows the statuses. */
export interface Reconciliation {
  snapshot: RegistrationSnapshot;
  /**
   * `seat.take` (never capacity-checked: another service already gave the place, and an
   * overbooking shows in the counter rather than being hidden) or `seat.release`, and
   * `checkout.expire` for a checkout the new state can no longer be paid through.
   */
  effects: RegistrationEffect[];
}

/**
 * `reconcileRegistration`, plus the effects that keep the event's seat counter equal to the
 * stored statuses: an admin's `cancelled` on a paid place releases its seat, an admin's
 * `registered` on a waitlisted one takes a seat, and a checkout of a place that was cancelled
 * around us is expired at Stripe so nobody pays for it.
 */
export function reconcileWithEffects(snapshot: RegistrationSnapshot, stored: StoredStatuses): Reconciliation {
  const next = reconcileRegistration(snapshot, stored);
  if (next === snapshot) return { snapshot, effects: [] };
  const effects: RegistrationEffect[] = [];
  const before = snapshot.context.seat;
  const after = next.context.seat;
  if (before === 'none' && after !== 'none') effects.push({ type: 'seat.take', enforceCapacity: false });
  if (before !== 'none' && after === 'none') effects.push({ type: 'seat.release' });
  const dropped = snapshot.context.checkout;
  if (dropped !== null && next.context.checkout === null) {
    effects.push({ type: 'checkout.expire', sessionId: dropped.id });
  }
  return { snapshot: next, effects };
}
