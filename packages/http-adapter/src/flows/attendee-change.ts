import {
  type Actor,
  applyRegistrationEvent,
  cancellationRefund,
  DEFAULT_EFFECT_POLICY,
  type RegistrationKey,
  statusesOf,
} from '@biztech/payments-core';
import { httpError } from '../http/json-response.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { statusBody } from '../routes/status-body.ts';
import { loadRegistration, runnerReads, settleRegistration } from './registration-view.ts';
import { runEffects } from './run-effects.ts';

/** What an attendee may do to their own registration (CONTRACT §2). */
export type AttendeeChange = 'acceptedComplete' | 'cancelled';

const refused = (reason: string, message: string) => httpError('change_refused', 409, message, { reason });

/**
 * The attendee's own change of their registration, through the machine (never a status write):
 * - `acceptedComplete` on an `acceptedPending` registration is their confirmation (`CONFIRM`;
 *   `waitlist` when the store finds no seat left); on one already confirmed it changes nothing;
 * - `cancelled` is their cancellation (`CANCEL`: the seat released and offered to the waitlist, a
 *   live checkout expired); a paid place's money goes to the operator queue as `refund_needed`.
 * Anything else is `409 change_refused` with a `reason`; no registration is `404`.
 * One implementation behind `PUT /registrations/{email}/{fname}` and `POST .../confirm`.
 *
 * @returns the statuses after the change, as the routes answer them
 */
export async function applyAttendeeChange(
  context: RouteContext,
  key: RegistrationKey,
  change: AttendeeChange,
  actor: Actor,
) {
  const { deps } = context;
  const found = await loadRegistration(deps, key);
  if (found === undefined) throw httpError('registration_not_found', 404, 'there is no such registration');
  const current = await settleRegistration(context, key, found);
  const state = current.snapshot.value;
  if (change === 'acceptedComplete') {
    if (state === 'acceptedComplete') return statusBody(statusesOf(current.snapshot));
    if (state === 'accepted') {
      throw refused('payment_required', 'this accepted application is confirmed by paying for it');
    }
    if (state !== 'acceptedPending') {
      throw refused('not_awaiting_confirmation', `a ${state} registration has nothing to confirm`);
    }
  } else if (state === 'cancelled') {
    return statusBody(statusesOf(current.snapshot));
  }
  const also =
    change === 'cancelled'
      ? cancellationRefund(
          key,
          current.snapshot,
          deps.clock.now(),
          deps.effectPolicy ?? DEFAULT_EFFECT_POLICY,
        )
      : undefined;
  const result = await applyRegistrationEvent(
    deps,
    key,
    change === 'cancelled' ? { type: 'CANCEL' } : { type: 'CONFIRM', seatAvailable: true },
    { actor, ...runnerReads(current), ...(also ? { also } : {}) },
  );
  if (result.committed) await runEffects(context, { kind: 'registration', key }, result);
  if (result.outcome !== 'applied') {
    const reason = result.reason ?? result.outcome;
    throw refused(reason, `this registration cannot be ${change} now (${reason})`);
  }
  context.setOutcome(result.snapshot.value);
  return statusBody(statusesOf(result.snapshot));
}
