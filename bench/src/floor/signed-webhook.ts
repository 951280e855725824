import { createHmac } from 'node:crypto';
import { checkoutMetadata } from '@biztech/payments-core';
import { BENCH_EVENT, BENCH_WEBHOOK_SECRET } from './bench-stack.ts';

/** A signed `checkout.session.completed` for a benchmark registration: the body and its `Stripe-Signature`. */
export interface SignedWebhook {
  body: string;
  signature: string;
}

/**
 * Stripe's `checkout.session.completed` for the checkout `sessionId` of `email`, signed as Stripe
 * signs (`t=<seconds>,v1=<HMAC-SHA256 of "t.body">`). Signed when built: a benchmark run is far
 * shorter than the 5-minute tolerance.
 */
export function signedCompletion(email: string, sessionId: string, eventId: string): SignedWebhook {
  const body = JSON.stringify({
    id: eventId,
    object: 'event',
    type: 'checkout.session.completed',
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: sessionId,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        amount_subtotal: 1999,
        amount_total: 1999,
        currency: 'cad',
        payment_intent: `pi_${sessionId}`,
        total_details: { amount_discount: 0 },
        metadata: checkoutMetadata({
          kind: 'registration',
          email,
          eventID: BENCH_EVENT.id,
          year: BENCH_EVENT.year,
          attempt: 1,
        }),
      },
    },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', BENCH_WEBHOOK_SECRET).update(`${t}.${body}`).digest('hex');
  return { body, signature: `t=${t},v1=${v1}` };
}

/** The request Stripe would send to `url`. */
export const webhookRequest = (url: string, hook: SignedWebhook) =>
  new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': hook.signature },
    body: hook.body,
  });
