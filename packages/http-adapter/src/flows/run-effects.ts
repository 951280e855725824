import type { MembershipEffect, RegistrationEffect } from '@biztech/payments-core';
import { errorFields } from '../logger.ts';
import type { RouteContext } from '../routes/route-context.ts';
import { offerReleasedSeats } from './waitlist-offers.ts';

/** Which record an effect came from, for the log lines. */
export type EffectSubject =
  | { kind: 'registration'; eventID: string; year: number }
  | { kind: 'membership'; membershipYear: number };

/**
 * Carries out the effects a committed step asked for. Runs after the commit, so a failing effect
 * is logged and never undoes or fails the change (a retried delivery would be a duplicate and
 * could not run it again anyway):
 * - `seat.*`, `membership.activate`, `membership.repair` and `membership.revoke` were written by the
 *   store in the same transaction; they are logged at info;
 * - `checkout.expire` expires the session at the gateway so nobody can pay it;
 * - `payment.refund_needed` is a warning, and a refund (idempotency key `refund:<sessionId>`)
 *   when `autoRefund` is on;
 * - `payment.mismatch` is a warning; `registration.fulfilled` and `payment.refunded` are info.
 * `identity.create` needs the request's password and is run by the membership checkout itself.
 * A registration step that released a seat ends with `offerReleasedSeats` (the waitlist's turn).
 */
export async function runEffects(
  context: RouteContext,
  subject: EffectSubject,
  effects: ReadonlyArray<RegistrationEffect | MembershipEffect>,
): Promise<void> {
  const { deps, logger, requestId, config } = context;
  for (const effect of effects) {
    switch (effect.type) {
      case 'seat.hold':
      case 'seat.take':
      case 'seat.release':
      case 'identity.create':
        break;
      case 'checkout.expire':
        try {
          await deps.gateway.expireCheckout(effect.sessionId);
        } catch (error) {
          logger.error({
            requestId,
            msg: 'checkout.expire failed',
            sessionId: effect.sessionId,
            ...errorFields(error),
          });
        }
        break;
      case 'registration.offered':
        logger.info({ requestId, msg: effect.type, ...subject, expiresAt: effect.expiresAt });
        break;
      case 'registration.fulfilled':
        logger.info({
          requestId,
          msg: effect.type,
          ...subject,
          status: effect.status,
          sessionId: effect.sessionId,
        });
        break;
      case 'membership.activate':
        logger.info({ requestId, msg: effect.type, ...subject, source: effect.source });
        break;
      case 'membership.repair':
      case 'membership.revoke':
        logger.info({ requestId, msg: effect.type, ...subject });
        break;
      case 'payment.refunded':
        logger.info({
          requestId,
          msg: effect.type,
          ...subject,
          amountRefunded: effect.amountRefunded,
          full: effect.full,
        });
        break;
      case 'payment.mismatch':
        logger.warn({
          requestId,
          msg: effect.type,
          ...subject,
          sessionId: effect.sessionId,
          reason: effect.reason,
          expected: effect.expected,
          received: effect.received,
        });
        break;
      case 'payment.refund_needed':
        logger.warn({
          requestId,
          msg: effect.type,
          ...subject,
          sessionId: effect.sessionId,
          paymentIntent: effect.paymentIntent,
          amount: effect.amount,
          reason: effect.reason,
          autoRefund: config.autoRefund,
        });
        if (config.autoRefund && effect.paymentIntent !== null && effect.amount > 0) {
          try {
            const refund = await deps.gateway.refund({
              paymentIntent: effect.paymentIntent,
              amount: effect.amount,
              idempotencyKey: `refund:${effect.sessionId}`,
            });
            logger.info({
              requestId,
              msg: 'refund created',
              sessionId: effect.sessionId,
              refundId: refund.id,
            });
          } catch (error) {
            logger.error({
              requestId,
              msg: 'refund failed',
              sessionId: effect.sessionId,
              ...errorFields(error),
            });
          }
        }
        break;
    }
  }
  // A released seat is the waitlist's turn (CONTRACT §5); a failure is logged like any effect's.
  if (subject.kind === 'registration' && effects.some((e) => e.type === 'seat.release')) {
    await offerReleasedSeats(context, subject.eventID, subject.year).catch((error: unknown) => {
      logger.error({ requestId, msg: 'waitlist offer failed', ...subject, ...errorFields(error) });
    });
  }
}
