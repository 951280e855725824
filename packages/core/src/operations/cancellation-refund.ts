import type { RegistrationSnapshot } from '../registration/step.ts';
import type { RegistrationKey } from '../registration/types.ts';
import { type EffectPolicy, type PlannedOperations, planOperations } from './plan.ts';

/**
 * A paid place its attendee gives up: what is left of the payment becomes a `refund_needed`
 * operator item (reason `attendee_cancelled`; with `policy.autoRefund`, an outbox refund) to record
 * in the cancellation's own commit, so the money has an owner the moment the seat is released.
 * `undefined` when nothing is left to give back. Pure: the HTTP route and a service adopting the
 * packages plan it alike.
 */
export function cancellationRefund(
  key: RegistrationKey,
  snapshot: RegistrationSnapshot,
  now: number,
  policy: EffectPolicy,
): PlannedOperations | undefined {
  const { payment, refund } = snapshot.context;
  const left = payment === null ? 0 : payment.amountTotal - (refund?.amountRefunded ?? 0);
  if (payment === null || left <= 0) return undefined;
  return planOperations({
    subject: { kind: 'registration', key },
    effects: [
      {
        type: 'payment.refund_needed',
        sessionId: payment.sessionId,
        paymentIntent: payment.paymentIntent,
        amount: left,
        reason: 'attendee_cancelled',
      },
    ],
    now,
    policy,
  });
}
