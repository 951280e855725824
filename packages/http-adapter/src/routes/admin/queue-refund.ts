import { FAST_PATH_GRACE_MS, type OutboxItem, type QueueItem } from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../../deps.ts';

/**
 * The outbox refund that resolving `item` with `refund` records, or undefined when there is no
 * money to refund:
 * - a `stuck_event` whose outbox item was a refund: that refund again, under a new id (the stuck
 *   one is gone, and its Stripe idempotency key would replay the failure);
 * - any other item: its payment intent and amount, asked of Stripe when the item lacks them (a
 *   `payment_mismatch` records only the session), under the id an automatic refund of the same
 *   session would have (`refund:<sessionId>`), so it is never refunded twice through the outbox.
 */
export async function queueRefundOf(
  deps: PaymentsHandlerDeps,
  item: QueueItem,
  now: number,
): Promise<OutboxItem | undefined> {
  const base = { subject: item.subject, createdAt: now, dueAt: now + FAST_PATH_GRACE_MS, attempts: 0 };
  if (item.kind === 'stuck_event') {
    const stuck = item.outboxItem;
    if (stuck?.action.type !== 'payment.refund') return undefined;
    return { ...base, id: `retry:${item.id}`, action: stuck.action, subject: stuck.subject ?? item.subject };
  }
  if (item.sessionId === undefined) return undefined;
  let paymentIntent = item.paymentIntent;
  let amount = item.amount;
  if (paymentIntent === undefined || amount === undefined) {
    const session = await deps.gateway.retrieveCheckout(item.sessionId);
    if (session?.payment.paymentStatus !== 'paid') return undefined;
    paymentIntent ??= session.payment.paymentIntent ?? undefined;
    amount ??= session.payment.amountTotal;
  }
  if (paymentIntent === undefined || amount <= 0) return undefined;
  return {
    ...base,
    id: `refund:${item.sessionId}`,
    action: { type: 'payment.refund', paymentIntent, amount, sessionId: item.sessionId, reason: item.reason },
  };
}
