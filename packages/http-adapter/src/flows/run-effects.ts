import type {
  MembershipEffect,
  OperationSubject,
  OutboxItem,
  QueueItem,
  RegistrationEffect,
} from '@biztech/payments-core';
import { errorFields } from '../logger.ts';
import { carryOutNow } from '../operations/fast-path.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { offerReleasedSeats } from './waitlist-offers.ts';

/** What a runner returned, as far as its effects go. */
export interface EffectsOfStep {
  effects: ReadonlyArray<RegistrationEffect | MembershipEffect>;
  /** Outbox items the commit recorded: carried out now, and by the drainer if that fails. */
  outbox?: readonly OutboxItem[];
  /** Queue items the commit opened, for the log. */
  queue?: readonly QueueItem[];
}

/** The log fields of a subject: which event or membership year, never the person's email. */
function subjectFields(subject: OperationSubject) {
  return subject.kind === 'registration'
    ? { kind: subject.kind, eventID: subject.key.eventID, year: subject.key.year }
    : { kind: subject.kind, membershipYear: subject.key.membershipYear };
}

/**
 * Follows up a committed step. Everything that calls out was recorded by the commit itself as
 * outbox items (expire a session, refund, email) and every report as an operator queue item, so
 * nothing here can be lost: the outbox items are carried out at once (the fast path; the drainer
 * covers a failure or a crash), and the effects are logged — `payment.refund_needed` and
 * `payment.mismatch` as warnings naming their queue item.
 * `identity.create` needs the request's password and is run by the membership checkout itself.
 * A registration step that released a seat ends with `offerReleasedSeats` (the waitlist's turn).
 */
export async function runEffects(
  context: RouteContext,
  subject: OperationSubject,
  step: EffectsOfStep,
): Promise<void> {
  const { deps, logger, requestId } = context;
  const where = subjectFields(subject);
  const queued = new Map((step.queue ?? []).map((q) => [q.sessionId, q]));
  for (const effect of step.effects) {
    switch (effect.type) {
      case 'seat.hold':
      case 'seat.take':
      case 'seat.release':
      case 'identity.create':
      case 'checkout.expire':
        break;
      case 'registration.fulfilled':
        logger.info({
          requestId,
          msg: effect.type,
          ...where,
          status: effect.status,
          sessionId: effect.sessionId,
        });
        break;
      case 'registration.offered':
        logger.info({ requestId, msg: effect.type, ...where, expiresAt: effect.expiresAt });
        break;
      case 'membership.activate':
        logger.info({ requestId, msg: effect.type, ...where, source: effect.source });
        break;
      case 'membership.repair':
      case 'membership.revoke':
        logger.info({ requestId, msg: effect.type, ...where });
        break;
      case 'payment.refunded':
        logger.info({
          requestId,
          msg: effect.type,
          ...where,
          amountRefunded: effect.amountRefunded,
          full: effect.full,
        });
        break;
      case 'payment.mismatch':
        logger.warn({
          requestId,
          msg: effect.type,
          ...where,
          sessionId: effect.sessionId,
          reason: effect.reason,
          expected: effect.expected,
          received: effect.received,
          queueItem: queued.get(effect.sessionId)?.id,
        });
        break;
      case 'payment.refund_needed': {
        const item = queued.get(effect.sessionId);
        logger.warn({
          requestId,
          msg: effect.type,
          ...where,
          sessionId: effect.sessionId,
          paymentIntent: effect.paymentIntent,
          amount: effect.amount,
          reason: effect.reason,
          queueItem: item?.id,
          autoRefund: item?.status === 'resolved',
        });
        break;
      }
    }
  }
  if (step.outbox && step.outbox.length > 0) await carryOutNow(deps, logger, requestId, step.outbox);
  // A released seat is the waitlist's turn (CONTRACT §5); a failure is logged like any effect's.
  if (subject.kind === 'registration' && step.effects.some((e) => e.type === 'seat.release')) {
    await offerReleasedSeats(context, subject.key.eventID, subject.key.year).catch((error: unknown) => {
      logger.error({ requestId, msg: 'waitlist offer failed', ...where, ...errorFields(error) });
    });
  }
}
