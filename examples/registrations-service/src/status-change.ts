import {
  type Actor,
  applyRegistrationEvent,
  cancellationRefund,
  DEFAULT_EFFECT_POLICY,
  needsPayment,
  type RegistrationEvent,
  type RegistrationKey,
  type RegistrationSnapshot,
  statusesOf,
} from '@biztech/payments-core';
import type { CurrentRegistration } from './current-registration.ts';
import { changeRefused } from './responses.ts';
import type { ServiceDeps } from './service-deps.ts';

/** The `registrationStatus` values a PUT may ask for, and the machine event each one is. */
const STATUS_EVENTS: Record<string, RegistrationEvent> = {
  // The attendee confirms a free accepted application; `waitlist` when the store finds no seat.
  acceptedComplete: { type: 'CONFIRM', seatAvailable: true },
  // The seat is released and a live checkout expired (an outbox item); a paid place is refunded
  // by an operator (a `refund_needed` queue item in the same commit).
  cancelled: { type: 'CANCEL' },
  // Today's check-in tool writes this through the same PUT; only a confirmed place checks in.
  checkedIn: { type: 'CHECK_IN' },
};

/** Why the machine will not move `current` to `wanted`, in the reason codes the packages' API uses. */
function refusalReason(wanted: string, current: RegistrationSnapshot, machineReason: string | undefined) {
  if (wanted === 'acceptedComplete' && needsPayment(current)) return 'payment_required';
  if (wanted === 'acceptedComplete' && current.value !== 'acceptedPending')
    return 'not_awaiting_confirmation';
  return machineReason ?? 'not_allowed';
}

/**
 * Moves a registration to the `registrationStatus` a PUT asks for, through core's runner (never a
 * status write): `acceptedComplete` → `CONFIRM`, `cancelled` → `CANCEL`, `checkedIn` →
 * `CHECK_IN`. Asking for the status it has already changes nothing. Anything else, or a change
 * the machine refuses from the current state, is `409 change_refused` with a `reason`, and
 * nothing is written.
 *
 * @returns the snapshot after the change (the unchanged one for a repeated request)
 */
export async function changeStatus(
  deps: ServiceDeps,
  key: RegistrationKey,
  current: CurrentRegistration,
  wanted: string,
  actor: Actor | undefined,
): Promise<RegistrationSnapshot> {
  if (statusesOf(current.snapshot).registrationStatus === wanted) return current.snapshot;
  const event = STATUS_EVENTS[wanted];
  if (event === undefined) {
    throw changeRefused(
      'unsupported_change',
      `registrationStatus '${wanted}' is not set through this route (only acceptedComplete, cancelled, checkedIn)`,
    );
  }
  const also =
    event.type === 'CANCEL'
      ? cancellationRefund(
          key,
          current.snapshot,
          deps.clock.now(),
          deps.effectPolicy ?? DEFAULT_EFFECT_POLICY,
        )
      : undefined;
  const result = await applyRegistrationEvent(deps, key, event, {
    loaded: current.stored,
    ...(actor ? { actor } : {}),
    ...(also ? { also } : {}),
  });
  if (result.outcome !== 'applied') {
    const reason = refusalReason(wanted, current.snapshot, result.reason);
    throw changeRefused(
      reason,
      `a ${current.snapshot.value} registration cannot become ${wanted} (${reason})`,
    );
  }
  return result.snapshot;
}
