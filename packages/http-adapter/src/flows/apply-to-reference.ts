import {
  applyMembershipEvent,
  applyRegistrationEvent,
  type CheckoutReference,
  type RefundMachineEvent,
  type SessionMachineEvent,
  type StepOutcome,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { runEffects } from './run-effects.ts';

/** What applying a Stripe fact to our record gave. */
export interface ReferenceResult {
  outcome: StepOutcome;
  reason?: string | undefined;
  /** The session id the record is now paid by, if any. */
  paidBy: string | null;
}

/**
 * Applies a Stripe-originated machine event to the registration or membership a checkout
 * reference names, then runs the step's effects. A record that does not exist is left alone
 * (`ignored`, reason `no_record`): a Stripe event must never create one.
 */
export async function applyToReference(
  context: RouteContext,
  reference: CheckoutReference,
  event: SessionMachineEvent | RefundMachineEvent,
): Promise<ReferenceResult> {
  const { deps } = context;
  if (reference.kind === 'registration') {
    const key = { email: reference.email, eventID: reference.eventID, year: reference.year };
    if ((await deps.registrations.loadRegistration(key)) === undefined) {
      return { outcome: 'ignored', reason: 'no_record', paidBy: null };
    }
    const result = await applyRegistrationEvent(deps, key, event);
    await runEffects(context, { kind: 'registration', eventID: key.eventID, year: key.year }, result.effects);
    return {
      outcome: result.outcome,
      reason: result.reason,
      paidBy: result.snapshot.context.payment?.sessionId ?? null,
    };
  }
  const key = { email: reference.email, membershipYear: reference.membershipYear };
  if ((await deps.memberships.loadMembership(key)) === undefined) {
    return { outcome: 'ignored', reason: 'no_record', paidBy: null };
  }
  const result = await applyMembershipEvent(deps, key, event);
  await runEffects(context, { kind: 'membership', membershipYear: key.membershipYear }, result.effects);
  return {
    outcome: result.outcome,
    reason: result.reason,
    paidBy: result.snapshot.context.payment?.sessionId ?? null,
  };
}
