import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { applyStripeEvent, type WebhookOutcome } from '../flows/apply-stripe-event.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv, routeContextOf } from '../http/payments-env.ts';
import { declareRoute } from './declare-route.ts';
import type { RouteContext } from './route-context.ts';
import { errorResponses, GATEWAY_FAULTS, jsonResponse, webhookReceiptSchema } from './schemas.ts';

// The signature is over the raw bytes, so the body is documented with a plain JSON Schema, never a zod
// schema: zod bodies are validated (parsed) before the handler runs, and nothing may read the
// event before its signature checks out.
const stripeEventBody = {
  required: true,
  description: 'A Stripe event exactly as Stripe sent it (the signature covers these bytes).',
  content: {
    'application/json': {
      schema: {
        type: 'object' as const,
        description: 'A Stripe `Event` object; see Stripe’s API reference',
        properties: { id: { type: 'string' as const }, type: { type: 'string' as const } },
        additionalProperties: true,
      },
    },
  },
};

const signatureHeader = {
  name: 'Stripe-Signature',
  in: 'header' as const,
  required: true,
  description: '`t=<timestamp>,v1=<hmac>` (any casing of the header name)',
  schema: { type: 'string' as const },
};

const webhookResponses = {
  200: jsonResponse(webhookReceiptSchema, 'Received: `applied`, `duplicate` or `ignored`'),
  ...errorResponses({ 400: ['invalid_signature'], 413: ['payload_too_large'], ...GATEWAY_FAULTS }),
};

/** `POST /payments/webhook`, declared. */
export const webhookRoute = declareRoute({
  method: 'post',
  path: '/payments/webhook',
  tags: ['Stripe webhooks'],
  summary: 'Receive a Stripe event',
  description:
    'Signed with one of the webhook secrets. Nothing is written before the signature checks out, and the ' +
    '`200` goes out after the commit; a store fault is a `5xx` so Stripe retries. Handles ' +
    '`checkout.session.completed`, `checkout.session.async_payment_succeeded`, ' +
    '`checkout.session.async_payment_failed`, `checkout.session.expired` and `charge.refunded`; any other ' +
    'type is `ignored`.',
  parameters: [signatureHeader],
  request: { body: stripeEventBody },
  responses: webhookResponses,
});

/** `POST /payments/cancel`, declared. */
export const cancelWebhookRoute = declareRoute({
  method: 'post',
  path: '/payments/cancel',
  tags: ['Stripe webhooks'],
  summary: 'Receive a Stripe event (today’s expiry endpoint)',
  description:
    'As `/payments/webhook`, signed with the cancel secrets: today’s endpoint for `checkout.session.expired`.',
  parameters: [signatureHeader],
  request: { body: stripeEventBody },
  responses: webhookResponses,
});

const received = (
  c: Context<PaymentsEnv>,
  context: RouteContext,
  outcome: WebhookOutcome,
  reason?: string,
) => {
  context.setOutcome(outcome);
  if (outcome === 'ignored' && reason !== undefined) {
    context.logger.info({ requestId: context.requestId, msg: 'stripe event ignored', reason });
  }
  return c.json({ received: true as const, outcome }, 200, JSON_HEADERS);
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
 * The body limit ran before (route middleware), so the raw text is read whole here.
 */
async function handleStripeEvent(c: Context<PaymentsEnv>, secrets: string[]) {
  const context = routeContextOf(c);
  const raw = await c.req.text();
  const payload = await verified(context, raw, secrets);
  const result = await applyStripeEvent(context, payload);
  return received(c, context, result.outcome, result.reason);
}

/** `POST /payments/webhook`: Stripe events signed with one of the webhook secrets. */
export const webhook: RouteHandler<typeof webhookRoute, PaymentsEnv> = (c) =>
  handleStripeEvent(c, c.var.config.webhookSecrets);

/** `POST /payments/cancel`: today's separate endpoint for `checkout.session.expired`, with its own secrets. */
export const cancelWebhook: RouteHandler<typeof cancelWebhookRoute, PaymentsEnv> = (c) =>
  handleStripeEvent(c, c.var.config.cancelWebhookSecrets);
