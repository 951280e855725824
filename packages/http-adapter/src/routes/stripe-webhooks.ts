import {
  type CheckoutReference,
  parseCheckoutMetadata,
  stripeEventSchema,
  translateStripeEvent,
} from '@biztech/payments-core';
import { applyToReference } from '../flows/apply-to-reference.ts';
import { httpError, json } from '../http/json-response.ts';
import { readText } from '../http/read-body.ts';
import type { Route } from '../http/router.ts';
import type { RouteContext } from './route-context.ts';

/** What the webhook answers in `outcome`: the machine's `rejected` is reported as `ignored`. */
export type WebhookOutcome = 'applied' | 'duplicate' | 'ignored';

const received = (context: RouteContext, outcome: WebhookOutcome, reason?: string) => {
  context.setOutcome(outcome);
  if (outcome === 'ignored' && reason !== undefined) {
    context.logger.info({ requestId: context.requestId, msg: 'stripe event ignored', reason });
  }
  return json(200, { received: true, outcome });
};

/** Verifies the signature against each secret in turn (several while a secret is rolled). */
async function verified(context: RouteContext, raw: string, secrets: string[]): Promise<unknown> {
  const header = context.request.headers.get('stripe-signature');
  if (header === null || header.trim() === '' || secrets.length === 0) {
    throw httpError('invalid_signature', 400, 'the Stripe-Signature header is missing');
  }
  const receivedAt = context.deps.clock.now();
  for (const secret of secrets) {
    try {
      return await context.deps.gateway.verifyWebhook({
        payload: raw,
        header,
        secret,
        toleranceSeconds: context.config.webhookToleranceSeconds,
        receivedAt,
      });
    } catch {
      // Try the next secret; which one failed is nobody's business.
    }
  }
  throw httpError('invalid_signature', 400, 'the Stripe signature is not valid');
}

/**
 * Handles one signed Stripe event. Nothing is written before the signature checks out, and the
 * `200` goes out only after the commit finished; a store fault surfaces as a 5xx so Stripe retries.
 */
async function handleStripeEvent(context: RouteContext, secrets: string[]): Promise<Response> {
  const raw = await readText(context.request, context.config.maxWebhookBytes);
  const payload = await verified(context, raw, secrets);
  const envelope = stripeEventSchema.safeParse(payload);
  if (!envelope.success) return received(context, 'ignored', 'malformed_event');
  const translated = translateStripeEvent(envelope.data, context.config.membershipYear);
  if (translated.kind === 'ignored' || translated.kind === 'invalid') {
    return received(context, 'ignored', translated.reason);
  }
  let reference: CheckoutReference | undefined = translated.reference;
  if (reference === undefined && translated.kind === 'refund' && translated.paymentIntent !== null) {
    // Charges made outside our sessions' metadata: find the session the payment intent paid.
    const session = await context.deps.gateway.findCheckoutByPaymentIntent(translated.paymentIntent);
    reference = parseCheckoutMetadata(session?.metadata, context.config.membershipYear);
  }
  if (reference === undefined) return received(context, 'ignored', 'not_our_session');
  const result = await applyToReference(context, reference, translated.event);
  if (result.outcome === 'applied' || result.outcome === 'duplicate')
    return received(context, result.outcome);
  return received(context, 'ignored', result.reason ?? result.outcome);
}

/** `POST /payments/webhook`: Stripe events signed with one of the webhook secrets. */
export const webhookRoute: Route = {
  method: 'POST',
  pattern: '/payments/webhook',
  handle: (context) => handleStripeEvent(context, context.config.webhookSecrets),
};

/** `POST /payments/cancel`: today's separate endpoint for `checkout.session.expired`, with its own secrets. */
export const cancelWebhookRoute: Route = {
  method: 'POST',
  pattern: '/payments/cancel',
  handle: (context) => handleStripeEvent(context, context.config.cancelWebhookSecrets),
};
