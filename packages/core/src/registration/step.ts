import { createStepper } from '../engine/step.ts';
import type { MachineSnapshot, StepEnv, StepResult } from '../engine/types.ts';
import { registrationMachine } from './machine.ts';
import type { RegistrationContext, RegistrationEffect, RegistrationEvent } from './types.ts';

/** A persisted registration: JSON, versioned. */
export type RegistrationSnapshot = MachineSnapshot<RegistrationContext, 'registration'>;

/** States of the registration machine. */
export type RegistrationState =
  | 'unregistered'
  | 'reviewing'
  | 'incomplete'
  | 'registered'
  | 'waitlist'
  | 'accepted'
  | 'acceptedPending'
  | 'acceptedComplete'
  | 'rejected'
  | 'checkedIn'
  | 'cancelled';

const stepper = createStepper<RegistrationContext, RegistrationEvent, RegistrationEffect>({
  name: 'registration',
  machine: registrationMachine,
  // The webhook and the success page may both report the same session's payment. An honoured
  // payment has its own key: its `paid:` key was recorded when it was reported for refund.
  extraKeys: (event) =>
    event.type === 'PAYMENT_SUCCEEDED'
      ? [`paid:${event.payment.sessionId}`]
      : event.type === 'HONOUR_PAYMENT'
        ? [`honour:${event.payment.sessionId}`]
        : [],
});

/**
 * Applies one event to a registration, purely.
 *
 * @param snapshot the stored snapshot, or `undefined` when there is no registration yet
 * @param event a command (`REGISTER`, `CANCEL`, ...) or a translated Stripe event
 * @param env the clock (and nothing else a registration needs)
 * @returns the next snapshot (same object when nothing changed), effects to run, and the outcome
 * @example
 * ```ts
 * const { snapshot, effects, outcome } = stepRegistration(undefined, {
 *   type: 'REGISTER', email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026,
 *   isApplicationBased: false, priceCents: 1999, seatAvailable: true,
 * }, { now: Date.now() });
 * // snapshot.value === 'incomplete', effects === [], outcome === 'applied'
 * ```
 */
export function stepRegistration(
  snapshot: RegistrationSnapshot | undefined,
  event: RegistrationEvent,
  env: StepEnv,
): StepResult<RegistrationSnapshot, RegistrationEffect> {
  return stepper(snapshot, event, env) as StepResult<RegistrationSnapshot, RegistrationEffect>;
}
