import type { Actor, AuditEntry } from '../ports.ts';
import type { StepResult } from './types.ts';

/** The audit line for one step, from the event and its result. */
export function auditEntry(
  event: { type: string; stripeEventId?: string | undefined },
  from: string,
  result: StepResult<{ value: string }, { type: string }>,
  at: number,
  ids: { sessionId?: string | undefined; paymentIntent?: string | undefined | null } = {},
  actor?: Actor,
): AuditEntry {
  return {
    at,
    event: event.type,
    from,
    to: result.snapshot.value,
    outcome: result.outcome,
    reason: result.reason,
    stripeEventId: event.stripeEventId,
    sessionId: ids.sessionId,
    paymentIntent: ids.paymentIntent ?? undefined,
    effects: result.effects.map((e) => e.type),
    ...(actor === undefined ? {} : { actor }),
  };
}

/** The Stripe ids an event carries, for the audit trail. */
export function stripeIdsOf(event: object): { sessionId?: string; paymentIntent?: string | null } {
  const e = event as {
    sessionId?: string;
    paymentIntent?: string | null;
    payment?: { sessionId: string; paymentIntent: string | null };
    session?: { id: string };
  };
  return {
    sessionId: e.payment?.sessionId ?? e.session?.id ?? e.sessionId,
    paymentIntent: e.payment?.paymentIntent ?? e.paymentIntent,
  };
}

/** The Stripe event id of a translated Stripe event, if it has one. */
export function stripeEventIdOf(event: object): string | undefined {
  return (event as { stripeEventId?: string }).stripeEventId;
}
