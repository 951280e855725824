import type { RegistrationSnapshot } from '@biztech/payments-core';
import type { PaymentsHttpError } from '../errors.ts';
import { httpError } from '../http/json-response.ts';

/** Machine states that cannot pay, and the reason answered with `not_payable`. */
const NOT_PAYABLE_REASONS: Record<string, string> = {
  reviewing: 'application_under_review',
  waitlist: 'waitlisted',
  acceptedPending: 'awaiting_confirmation',
  rejected: 'application_rejected',
  cancelled: 'cancelled',
};

/**
 * The 409 (or 404) for a registration that cannot be paid in its current state: `already_paid`
 * for a paid place, `already_registered` for a free one, `not_payable` with the reason otherwise.
 */
export function notPayableError(
  snapshot: Pick<RegistrationSnapshot, 'value' | 'context'>,
): PaymentsHttpError {
  const state = snapshot.value;
  if (state === 'unregistered')
    return httpError('registration_not_found', 404, 'there is no such registration');
  if (state === 'registered' || state === 'acceptedComplete' || state === 'checkedIn') {
    return snapshot.context.payment !== null
      ? httpError('already_paid', 409, 'this registration is already paid')
      : httpError('already_registered', 409, 'this registration already holds a place');
  }
  const reason = NOT_PAYABLE_REASONS[state] ?? state;
  return httpError('not_payable', 409, `this registration cannot be paid now (${reason})`, { reason });
}
