import {
  type AppliedRegistration,
  type ApplyOptions,
  applyRegistrationEvent,
  type RegistrationEvent,
  type RegistrationKey,
} from '@biztech/payments-core';
import { runEffects } from '../../flows/run-effects.ts';
import { httpError } from '../../http/json-response.ts';
import type { RouteContext } from '../route-context.ts';

/**
 * Runs an admin's command on a registration through core's runner (never a direct status write),
 * audited with `options.actor`, then follows up its effects as every route does (outbox items
 * carried out at once, a released seat offered to the waitlist).
 * - no such registration → `404 registration_not_found` (the runner writes nothing);
 * - the machine refuses it in the registration's state → `409 command_refused` with its `reason`
 *   (`same_decision`, `use_decide`, `event_full`, ...; an event the state does not handle is
 *   refused too, e.g. a check-in of a waitlisted registration).
 */
export async function runRegistrationCommand(
  context: RouteContext,
  key: RegistrationKey,
  event: RegistrationEvent,
  options: ApplyOptions,
): Promise<AppliedRegistration> {
  const result = await applyRegistrationEvent(context.deps, key, event, options);
  if (result.reason === 'no_registration') {
    throw httpError('registration_not_found', 404, 'there is no such registration');
  }
  // A refused command may still have committed what statuses written around us imply (a seat).
  if (result.committed) await runEffects(context, { kind: 'registration', key }, result);
  if (result.outcome !== 'applied') {
    const reason = result.reason ?? result.outcome;
    throw httpError('command_refused', 409, `${event.type} is not possible now (${reason})`, { reason });
  }
  context.setOutcome(result.snapshot.value);
  return result;
}
