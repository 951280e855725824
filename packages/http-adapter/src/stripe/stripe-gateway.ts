import type {
  CheckoutSession,
  CheckoutSessionStatus,
  CreateCheckoutInput,
  PaymentGateway,
} from '@biztech/payments-core';
import { checkoutMetadata, clientReferenceId } from '@biztech/payments-core';
import type Stripe from 'stripe';
import type { StripeEventLister, WebhookVerifier } from '../deps.ts';
import { GatewayError } from '../errors.ts';
import { sessionStatusOf } from './session-status.ts';
import { gatewayError, isIdempotencyConflict, isResourceMissing } from './stripe-errors.ts';
import { withSessionIdParam } from './success-url.ts';
import { verifyStripeWebhook } from './verify-webhook.ts';

/** Options of {@link createStripeGateway}. */
export interface StripeGatewayOptions {
  /** Add `session_id={CHECKOUT_SESSION_ID}` to success URLs so the success page can poll; true unless given. */
  appendSessionIdToSuccessUrl?: boolean;
}

/** Core's `PaymentGateway` on Stripe, plus webhook signature checks. */
export type StripeGateway = PaymentGateway & WebhookVerifier & StripeEventLister;

/**
 * Session create parameters, exactly the SDK's type for the pinned API version. No payment method
 * list is sent: API `2026-10-28.endive` removed `payment_method_types`, and leaving the list out lets
 * the account's Dashboard settings choose (cards, plus any delayed methods, which the
 * `async_payment_*` webhooks handle).
 */
export type CheckoutSessionParams = Stripe.Checkout.SessionCreateParams;

/** The session create parameters for an input: identifiers only in metadata, never form data or passwords. */
export function sessionCreateParams(
  input: CreateCheckoutInput,
  options: StripeGatewayOptions = {},
): CheckoutSessionParams {
  const metadata = checkoutMetadata(input.reference);
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency: input.currency,
          unit_amount: input.amount,
          product_data: { name: input.productName, ...(input.imageUrl ? { images: [input.imageUrl] } : {}) },
        },
        quantity: 1,
      },
    ],
    allow_promotion_codes: true,
    expires_at: Math.floor(input.expiresAt / 1000),
    metadata,
    // Charges carry the same identifiers, so `charge.refunded` finds its record without a lookup.
    payment_intent_data: { metadata },
    client_reference_id: clientReferenceId(input.reference),
    ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
    success_url:
      options.appendSessionIdToSuccessUrl === false ? input.successUrl : withSessionIdParam(input.successUrl),
    cancel_url: input.cancelUrl,
  } satisfies Stripe.Checkout.SessionCreateParams;
}

/** True when Stripe answered from its idempotency cache (`Idempotent-Replayed: true`). */
function isReplay(session: Stripe.Checkout.Session): boolean {
  const headers = (session as { lastResponse?: { headers?: Record<string, string | undefined> } })
    .lastResponse?.headers;
  return (headers?.['idempotent-replayed'] ?? headers?.['Idempotent-Replayed']) === 'true';
}

function checkoutSessionOf(session: Stripe.Checkout.Session, input: CreateCheckoutInput): CheckoutSession {
  if (!session.url)
    throw new GatewayError('gateway_rejected', 'Stripe returned a checkout session without a url');
  return {
    id: session.id,
    url: session.url,
    expiresAt: session.expires_at * 1000,
    amount: session.amount_subtotal ?? input.amount,
    currency: (session.currency ?? input.currency).toLowerCase(),
  };
}

/**
 * Core's `PaymentGateway` on the unmodified `stripe` SDK (Checkout Sessions), which also verifies
 * webhook signatures for the handler (with `node:crypto`, as the SDK computes them: see
 * `verifyStripeWebhook`). Errors become `GatewayError`s: `gateway_unavailable` (retry
 * may help: 503) or `gateway_rejected` (502).
 *
 * Idempotency: every create uses the caller's key. When Stripe answers that the key was used with
 * other parameters (a retry minutes later has another `expires_at`), or replays (`Idempotent-Replayed`)
 * a session that is no longer open, the create is repeated once under a key derived from the new
 * `expires_at`; the machines' `checkout_live` guard keeps a registrant from holding two live sessions.
 *
 * @example
 * ```ts
 * import Stripe from 'stripe';
 * const gateway = createStripeGateway(new Stripe(process.env.STRIPE_SECRET_KEY!));
 * const session = await gateway.createCheckout(input);
 * ```
 */
export function createStripeGateway(stripe: Stripe, options: StripeGatewayOptions = {}): StripeGateway {
  async function create(
    input: CreateCheckoutInput,
    idempotencyKey: string,
  ): Promise<Stripe.Checkout.Session> {
    return stripe.checkout.sessions.create(sessionCreateParams(input, options), { idempotencyKey });
  }

  return {
    async createCheckout(input) {
      const fallbackKey = `${input.idempotencyKey}:${Math.floor(input.expiresAt / 1000)}`;
      let session: Stripe.Checkout.Session;
      try {
        session = await create(input, input.idempotencyKey);
        if (isReplay(session)) {
          // A replay carries the session as it was created; only a fresh read says whether it is still payable.
          const current = await stripe.checkout.sessions.retrieve(session.id);
          session = current.status === 'open' ? current : await create(input, fallbackKey);
        }
      } catch (error) {
        if (!isIdempotencyConflict(error)) throw gatewayError(error, 'checkout session create');
        try {
          session = await create(input, fallbackKey);
        } catch (retryError) {
          throw gatewayError(retryError, 'checkout session create');
        }
      }
      return checkoutSessionOf(session, input);
    },

    async retrieveCheckout(sessionId): Promise<CheckoutSessionStatus | undefined> {
      let session: Stripe.Checkout.Session;
      try {
        session = await stripe.checkout.sessions.retrieve(sessionId);
      } catch (error) {
        if (isResourceMissing(error)) return undefined;
        throw gatewayError(error, 'checkout session retrieve');
      }
      return sessionStatusOf(session);
    },

    async findCheckoutByPaymentIntent(paymentIntent) {
      try {
        const list = await stripe.checkout.sessions.list({
          payment_intent: paymentIntent,
          limit: 1,
        } satisfies Stripe.Checkout.SessionListParams);
        const first = list.data[0];
        return first === undefined ? undefined : sessionStatusOf(first);
      } catch (error) {
        throw gatewayError(error, 'checkout session list');
      }
    },

    async expireCheckout(sessionId) {
      try {
        await stripe.checkout.sessions.expire(sessionId);
      } catch (error) {
        // Stripe refuses to expire a session that is already expired or complete: nothing to do then.
        if (isResourceMissing(error)) return;
        const current = await stripe.checkout.sessions.retrieve(sessionId).catch(() => undefined);
        if (current !== undefined && current.status !== 'open') return;
        throw gatewayError(error, 'checkout session expire');
      }
    },

    async refund({ paymentIntent, amount, idempotencyKey }) {
      try {
        const refund = await stripe.refunds.create(
          {
            payment_intent: paymentIntent,
            ...(amount === undefined ? {} : { amount }),
          } satisfies Stripe.RefundCreateParams,
          { idempotencyKey },
        );
        return { id: refund.id };
      } catch (error) {
        // Refunded already (in the Dashboard, or by an earlier attempt under another key): nothing is left to give back.
        if ((error as { code?: string }).code === 'charge_already_refunded') return { id: null };
        throw gatewayError(error, 'refund');
      }
    },

    async listEvents({ createdGte, types }) {
      const events: Stripe.Event[] = [];
      try {
        // Stripe lists newest first; every page is read, then replayed oldest first.
        for await (const event of stripe.events.list({
          created: { gte: createdGte },
          types: [...types],
          limit: 100,
        } satisfies Stripe.EventListParams)) {
          events.push(event);
        }
      } catch (error) {
        throw gatewayError(error, 'event list');
      }
      return events.sort((a, b) => a.created - b.created);
    },

    verifyWebhook: verifyStripeWebhook,
  };
}
