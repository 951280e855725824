import type { MembershipEffect } from '../membership/types.ts';
import type { RegistrationEffect } from '../registration/types.ts';
import type { OperationSubject, OutboxAction, OutboxItem, QueueItem } from './types.ts';

/** How the effects of a step become outbox and queue items. */
export interface EffectPolicy {
  /**
   * `payment.refund_needed` is refunded at once (an outbox refund, the queue item recorded as
   * resolved by `system`) instead of waiting for an operator: today's `AUTO_REFUND` switch.
   */
  autoRefund: boolean;
  /** Confirmation, offer and refund emails are sent (there is an `EmailSender`). */
  emails: boolean;
}

/** No automatic refunds, no emails: what the runners do when no policy is given. */
export const DEFAULT_EFFECT_POLICY: EffectPolicy = { autoRefund: false, emails: false };

/**
 * How long the drainer leaves an item recorded by a step alone, because the process that made
 * the step carries it out at once (the fast path). Past it, a process that died mid-way is
 * covered by the drainer.
 */
export const FAST_PATH_GRACE_MS = 30_000;

/** Who resolves a queue item when the `autoRefund` switch does. */
export const SYSTEM_ACTOR = { email: 'system', sub: 'system' } as const;

/** The currency BizTech charges in; emails print amounts in it. */
const CURRENCY = 'cad';

/** A stable, readable id of the record an item is about, for item ids. */
export function subjectId(subject: OperationSubject): string {
  return subject.kind === 'registration'
    ? `registration:${subject.key.email}:${subject.key.eventID}:${subject.key.year}`
    : `membership:${subject.key.email}:${subject.key.membershipYear}`;
}

/** The template data that names the record (an event, or a membership year). */
function subjectData(subject: OperationSubject): Record<string, string | number> {
  return subject.kind === 'registration'
    ? { eventID: subject.key.eventID, year: subject.key.year }
    : { membershipYear: subject.key.membershipYear, eventName: `Membership ${subject.key.membershipYear}` };
}

/** Input of {@link planOperations}. */
export interface PlanInput {
  subject: OperationSubject;
  effects: ReadonlyArray<RegistrationEffect | MembershipEffect>;
  /** Epoch ms of the step. */
  now: number;
  policy: EffectPolicy;
}

/** The outbox and queue items a step's effects call for. */
export interface PlannedOperations {
  outbox: OutboxItem[];
  queue: QueueItem[];
}

/**
 * Turns the effects of one step into the durable items its commit records (pure):
 * - `checkout.expire` → outbox `expire:<sessionId>`;
 * - `payment.refund_needed` → queue `refund_needed:<sessionId>` (`unowned_payment:<sessionId>` when
 *   the money has no record); with `autoRefund`, also outbox `refund:<sessionId>` and the queue
 *   item recorded as resolved by `system`, so the refund is still audited;
 * - `payment.mismatch` → queue `payment_mismatch:<sessionId>`;
 * - with `emails`: `registration.fulfilled` → `registration_confirmed`, `registration.offered` →
 *   `seat_offered`, `payment.refunded` → `refund_issued`, each with an id that makes it one email per cause.
 * Ids are deterministic, so a step taken twice (a retried request) records each item once.
 */
export function planOperations(input: PlanInput): PlannedOperations {
  const { subject, now, policy } = input;
  const outbox = new Map<string, OutboxItem>();
  const queue = new Map<string, QueueItem>();
  const sid = subjectId(subject);
  const email = subject.key.email;
  const out = (id: string, action: OutboxAction) => {
    if (!outbox.has(id))
      outbox.set(id, { id, action, subject, createdAt: now, dueAt: now + FAST_PATH_GRACE_MS, attempts: 0 });
  };
  const mail = (
    id: string,
    template: 'registration_confirmed' | 'seat_offered' | 'refund_issued',
    data: Record<string, string | number | boolean | null>,
  ) => {
    if (policy.emails)
      out(id, { type: 'email.send', template, to: email, data: { ...subjectData(subject), ...data } });
  };
  for (const effect of input.effects) {
    switch (effect.type) {
      case 'checkout.expire':
        out(`expire:${effect.sessionId}`, { type: 'checkout.expire', sessionId: effect.sessionId });
        break;
      case 'payment.refund_needed': {
        const kind = effect.reason === 'unowned_payment' ? 'unowned_payment' : 'refund_needed';
        const refundable = effect.paymentIntent !== null && effect.amount > 0;
        const auto = policy.autoRefund && refundable;
        const id = `${kind}:${effect.sessionId}`;
        queue.set(id, {
          id,
          kind,
          status: auto ? 'resolved' : 'open',
          sessionId: effect.sessionId,
          paymentIntent: effect.paymentIntent ?? undefined,
          amount: effect.amount,
          currency: CURRENCY,
          subject,
          reason: effect.reason,
          createdAt: now,
          resolution: auto
            ? { action: 'refund', note: 'autoRefund', by: { ...SYSTEM_ACTOR }, at: now }
            : undefined,
        });
        if (auto && effect.paymentIntent !== null) {
          out(`refund:${effect.sessionId}`, {
            type: 'payment.refund',
            paymentIntent: effect.paymentIntent,
            amount: effect.amount,
            sessionId: effect.sessionId,
            reason: effect.reason,
          });
        }
        break;
      }
      case 'payment.mismatch': {
        const id = `payment_mismatch:${effect.sessionId}`;
        queue.set(id, {
          id,
          kind: 'payment_mismatch',
          status: 'open',
          sessionId: effect.sessionId,
          subject,
          reason: effect.reason,
          createdAt: now,
        });
        break;
      }
      case 'registration.fulfilled':
        mail(`email:registration_confirmed:${sid}:${effect.sessionId ?? 'free'}`, 'registration_confirmed', {
          amountCents: effect.amountTotal,
          currency: CURRENCY,
          status: effect.status,
        });
        break;
      case 'registration.offered':
        mail(`email:seat_offered:${sid}:${effect.offerId}`, 'seat_offered', {
          amountCents: effect.priceCents,
          currency: CURRENCY,
          expiresAt: effect.expiresAt,
          offerId: effect.offerId,
        });
        break;
      case 'payment.refunded':
        mail(`email:refund_issued:${sid}:${effect.amountRefunded}`, 'refund_issued', {
          amountCents: effect.amountRefunded,
          currency: CURRENCY,
        });
        break;
      default:
        break;
    }
  }
  return { outbox: [...outbox.values()], queue: [...queue.values()] };
}

/** Items of `extra` whose ids `planned` lacks, appended to it (planned items win). */
export function mergeOperations(
  planned: PlannedOperations,
  extra: Partial<PlannedOperations> | undefined,
): PlannedOperations {
  if (!extra) return planned;
  const outboxIds = new Set(planned.outbox.map((i) => i.id));
  const queueIds = new Set(planned.queue.map((i) => i.id));
  return {
    outbox: [...planned.outbox, ...(extra.outbox ?? []).filter((i) => !outboxIds.has(i.id))],
    queue: [...planned.queue, ...(extra.queue ?? []).filter((i) => !queueIds.has(i.id))],
  };
}
