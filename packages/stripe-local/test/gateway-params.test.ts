import type Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { manualClock, startStripeLocal } from './helpers.js';

/**
 * The parameters the project's Stripe gateway sends (`sessionCreateParams` and the calls of
 * `createStripeGateway` in packages/http-adapter/src/stripe/stripe-gateway.ts). They are rebuilt here
 * rather than imported: @biztech/payments-http already depends on this package for its tests, and
 * importing it back would make a cycle. `satisfies` keeps them to the pinned SDK's types, as the
 * gateway does.
 */
interface Registration {
  email: string;
  eventID: string;
  year: number;
  attempt: number;
}

function gatewaySessionParams(ref: Registration, nowMs: number) {
  const metadata = {
    paymentType: 'Event',
    email: ref.email,
    eventID: ref.eventID,
    year: String(ref.year),
    attempt: String(ref.attempt),
  };
  return {
    mode: 'payment',
    line_items: [
      {
        price_data: {
          currency: 'cad',
          unit_amount: 2500,
          product_data: { name: `${ref.eventID} ${ref.year}`, images: ['https://example.com/event.png'] },
        },
        quantity: 1,
      },
    ],
    allow_promotion_codes: true,
    // core's CHECKOUT_LIFETIME_MS: 31 minutes.
    expires_at: Math.floor((nowMs + 31 * 60 * 1000) / 1000),
    metadata,
    payment_intent_data: { metadata },
    client_reference_id: `registration:${ref.email}:${ref.eventID}:${ref.year}`,
    customer_email: ref.email,
    success_url: 'http://127.0.0.1:4000/success?session_id={CHECKOUT_SESSION_ID}',
    cancel_url: 'http://127.0.0.1:4000/cancel',
  } satisfies Stripe.Checkout.SessionCreateParams;
}

describe('what the project’s Stripe gateway sends', () => {
  it('passes every check: create, replayed create, retrieve, list, refund and expire', async () => {
    // Prepare
    const clock = manualClock();
    const { stripe, local } = await startStripeLocal({ clock: clock.now });
    const ref = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026, attempt: 1 };
    const params = gatewaySessionParams(ref, clock.now());
    const idempotencyKey = `checkout:registration:${ref.email}:${ref.eventID}:${ref.year}:${ref.attempt}`;

    // Act
    const session = await stripe.checkout.sessions.create(params, { idempotencyKey });
    const replay = await stripe.checkout.sessions.create(params, { idempotencyKey });
    const retrieved = await stripe.checkout.sessions.retrieve(session.id);
    local.pay(session.id);
    const paymentIntent = local.getSession(session.id)?.payment_intent as string;
    const found = await stripe.checkout.sessions.list({
      payment_intent: paymentIntent,
      limit: 1,
    } satisfies Stripe.Checkout.SessionListParams);
    const refund = await stripe.refunds.create(
      { payment_intent: paymentIntent, amount: 500 } satisfies Stripe.RefundCreateParams,
      { idempotencyKey: `refund:${paymentIntent}` },
    );
    const second = await stripe.checkout.sessions.create(
      gatewaySessionParams({ ...ref, attempt: 2 }, clock.now()),
      { idempotencyKey: `${idempotencyKey}:2` },
    );
    const expired = await stripe.checkout.sessions.expire(second.id);

    // Assess
    expect(replay.id).toBe(session.id);
    expect(retrieved).toMatchObject({
      client_reference_id: 'registration:ada@ubc.ca:blueprint:2026',
      metadata: params.metadata,
      allow_promotion_codes: true,
    });
    expect(found.data.map((item) => item.id)).toEqual([session.id]);
    expect(refund).toMatchObject({ amount: 500, status: 'succeeded' });
    expect(expired.status).toBe('expired');
  });
});
