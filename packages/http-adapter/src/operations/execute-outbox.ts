import type { OutboxItem } from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../deps.ts';

/** Why an outbox item cannot be carried out by this deployment (it becomes a `stuck_event` after its retries). */
export class OutboxUnsupportedError extends Error {}

/**
 * Carries out one outbox action against the outside world. Every action is idempotent, so the
 * fast path and the drainer may both run it: a refund uses the item id as Stripe's idempotency key
 * (and a charge refunded already counts as done), expiring a session that is no longer open is a
 * no-op, and an email is sent by `deps.email` once per item id (a crash between the send and the
 * removal of the item can send it twice: at least once, never lost).
 * Rejects when the action failed and should be tried again.
 */
export async function executeOutbox(deps: PaymentsHandlerDeps, item: OutboxItem): Promise<void> {
  const action = item.action;
  switch (action.type) {
    case 'checkout.expire':
      await deps.gateway.expireCheckout(action.sessionId);
      return;
    case 'payment.refund':
      await deps.gateway.refund({
        paymentIntent: action.paymentIntent,
        amount: action.amount,
        idempotencyKey: item.id,
      });
      return;
    case 'email.send':
      if (deps.email === undefined) throw new OutboxUnsupportedError('no email sender is configured');
      await deps.email.send(action);
      return;
  }
}
