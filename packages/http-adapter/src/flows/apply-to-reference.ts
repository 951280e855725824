import {
  applyMembershipEvent,
  applyRegistrationEvent,
  type CheckoutReference,
  eventPriceCents,
  isSettled,
  type RefundMachineEvent,
  type RegistrationKey,
  type SessionMachineEvent,
  type StepOutcome,
} from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';
import { type EffectSubject, runEffects } from './run-effects.ts';

/** What applying a Stripe fact to our record gave. */
export interface ReferenceResult {
  outcome: StepOutcome;
  reason?: string | undefined;
  /** The session id the record is now paid by, if any. */
  paidBy: string | null;
}

/** What today's code would have charged this registrant for the event, in cents. */
async function todaysPrice(context: RouteContext, key: RegistrationKey): Promise<number> {
  const [event, user] = await Promise.all([
    context.deps.events.getEvent(key.eventID, key.year),
    context.deps.users.getUser(key.email),
  ]);
  return eventPriceCents(event?.pricing, user?.isMember ?? false);
}

/**
 * A Stripe event for a record that does not exist (deleted by another tool, or never written).
 * Nothing is created; money that arrived for it is reported as `unowned_payment` so it gets an
 * owner (a refund) instead of being silently kept.
 */
async function unowned(
  context: RouteContext,
  subject: EffectSubject,
  event: SessionMachineEvent | RefundMachineEvent,
): Promise<ReferenceResult> {
  if (event.type !== 'PAYMENT_SUCCEEDED' || !isSettled(event.payment)) {
    return { outcome: 'ignored', reason: 'no_record', paidBy: null };
  }
  await runEffects(context, subject, [
    {
      type: 'payment.refund_needed',
      sessionId: event.payment.sessionId,
      paymentIntent: event.payment.paymentIntent,
      amount: event.payment.amountTotal,
      reason: 'unowned_payment',
    },
  ]);
  return { outcome: 'ignored', reason: 'unowned_payment', paidBy: null };
}

/**
 * Applies a Stripe-originated machine event to the registration or membership a checkout
 * reference names, then runs the step's effects. A record that does not exist is left alone
 * (`ignored`, reason `no_record`): a Stripe event must never create one; a payment for it is
 * reported (`unowned_payment`).
 */
export async function applyToReference(
  context: RouteContext,
  reference: CheckoutReference,
  event: SessionMachineEvent | RefundMachineEvent,
): Promise<ReferenceResult> {
  const { deps } = context;
  if (reference.kind === 'registration') {
    const key = { email: reference.email, eventID: reference.eventID, year: reference.year };
    const subject = { kind: 'registration' as const, eventID: key.eventID, year: key.year };
    if ((await deps.registrations.loadRegistration(key)) === undefined) {
      return unowned(context, subject, event);
    }
    // A session today's system opened (no `attempt` in its metadata) is judged against what
    // today's code would have charged: the event's price for this user's membership.
    const judged =
      event.type === 'PAYMENT_SUCCEEDED' && reference.attempt === 0
        ? { ...event, legacyListPrice: await todaysPrice(context, key) }
        : event;
    const result = await applyRegistrationEvent(deps, key, judged);
    await runEffects(context, subject, result.effects);
    return {
      outcome: result.outcome,
      reason: result.reason,
      paidBy: result.snapshot.context.payment?.sessionId ?? null,
    };
  }
  const key = { email: reference.email, membershipYear: reference.membershipYear };
  if ((await deps.memberships.loadMembership(key)) === undefined) {
    return unowned(context, { kind: 'membership', membershipYear: key.membershipYear }, event);
  }
  const result = await applyMembershipEvent(deps, key, event);
  await runEffects(context, { kind: 'membership', membershipYear: key.membershipYear }, result.effects);
  return {
    outcome: result.outcome,
    reason: result.reason,
    paidBy: result.snapshot.context.payment?.sessionId ?? null,
  };
}
