import {
  applyMembershipEvent,
  applyRegistrationEvent,
  type CheckoutReference,
  eventPriceCents,
  isSettled,
  type MembershipEvent,
  membershipPriceCents,
  type OperationSubject,
  planOperations,
  type RefundMachineEvent,
  type RegistrationKey,
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
  /** Operator queue items opened (open, or resolved at once by `autoRefund`). */
  queued: number;
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
  subject: OperationSubject,
  event: SessionMachineEvent | RefundMachineEvent,
): Promise<ReferenceResult> {
  if (event.type !== 'PAYMENT_SUCCEEDED' || !isSettled(event.payment)) {
    return { outcome: 'ignored', reason: 'no_record', paidBy: null, queued: 0 };
  }
  const effects = [
    {
      type: 'payment.refund_needed' as const,
      sessionId: event.payment.sessionId,
      paymentIntent: event.payment.paymentIntent,
      amount: event.payment.amountTotal,
      reason: 'unowned_payment',
    },
  ];
  // No record commits it: the queue item (and an automatic refund) is written on its own, once per session.
  const planned = planOperations({
    subject,
    effects,
    now: context.deps.clock.now(),
    policy: context.deps.effectPolicy ?? { autoRefund: context.config.autoRefund, emails: false },
  });
  const [item] = planned.queue;
  const fresh = item !== undefined && (await context.deps.operations.report(item, planned.outbox));
  await runEffects(context, subject, { effects, queue: planned.queue, outbox: fresh ? planned.outbox : [] });
  return { outcome: 'ignored', reason: 'unowned_payment', paidBy: null, queued: fresh ? 1 : 0 };
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
    const subject = { kind: 'registration' as const, key };
    // One read: the runner steps from this load instead of reading the item again.
    const loaded = await deps.registrations.loadRegistration(key);
    if (loaded === undefined) return unowned(context, subject, event);
    // A session today's system opened (no `attempt` in its metadata) is judged against what
    // today's code would have charged: the event's price for this user's membership.
    const judged =
      event.type === 'PAYMENT_SUCCEEDED' && reference.attempt === 0
        ? { ...event, legacyListPrice: await todaysPrice(context, key) }
        : event;
    const result = await applyRegistrationEvent(deps, key, judged, { loaded });
    await runEffects(context, subject, result);
    return {
      outcome: result.outcome,
      reason: result.reason,
      paidBy: result.snapshot.context.payment?.sessionId ?? null,
      queued: result.queue.length,
    };
  }
  return applyToMembership(context, reference, event);
}

// ---------------------------------------------------------------------------------------------
// Memberships (kept apart: owned by the membership work)
// ---------------------------------------------------------------------------------------------

/**
 * The membership branch. Core's runner reads the year's member item itself, so a membership
 * today's system sold (a member item, no snapshot of ours) takes its refunds and payments through
 * the machine; a membership that does not exist is never created (`no_record`), and money paid for
 * it is reported (`unowned_payment`, kept so a redelivery is a duplicate). Events about today's sessions (no `attempt` in their
 * metadata) say so: a refund is marked `legacySession`, a payment carries today's price.
 */
async function applyToMembership(
  context: RouteContext,
  reference: Extract<CheckoutReference, { kind: 'membership' }>,
  event: SessionMachineEvent | RefundMachineEvent,
): Promise<ReferenceResult> {
  const key = { email: reference.email, membershipYear: reference.membershipYear };
  const subject = { kind: 'membership' as const, key };
  const todays = reference.attempt === 0;
  let judged: MembershipEvent = event;
  if (todays && event.type === 'CHARGE_REFUNDED') judged = { ...event, legacySession: true };
  if (todays && event.type === 'PAYMENT_SUCCEEDED') {
    // What today's code charged: 12.00 for UBC students, else 15.00, from the user's education.
    const user = await context.deps.users.getUser(key.email);
    judged = { ...event, legacyListPrice: membershipPriceCents(user?.education ?? '') };
  }
  const result = await applyMembershipEvent(context.deps, key, judged);
  await runEffects(context, subject, result);
  const reason = result.reason === 'no_membership' ? 'no_record' : result.reason;
  return {
    outcome: result.outcome,
    reason,
    paidBy: result.snapshot.context.payment?.sessionId ?? null,
    queued: result.queue.length,
  };
}
