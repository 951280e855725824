import { describe, expect, it } from 'vitest';
import { sessionParams, startReceiver, startStripeLocal } from './helpers.js';

const SECRET = 'whsec_test_refunds';

async function paidSession(options: Parameters<typeof startStripeLocal>[0] = {}) {
  const started = await startStripeLocal(options);
  const created = await started.stripe.checkout.sessions.create(
    sessionParams({ payment_intent_data: { metadata: { source: 'pi-data' } } }),
  );
  const { session } = started.local.pay(created.id);
  return { ...started, sessionId: created.id, paymentIntent: session.payment_intent as string };
}

describe('refunds', () => {
  it('refunds partly, then fully, emitting charge.refunded each time with the charge’s running totals', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local, paymentIntent } = await paidSession({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET, types: ['charge.refunded'] }],
    });

    // Act
    const partial = await stripe.refunds.create({ payment_intent: paymentIntent, amount: 1000 });
    const rest = await stripe.refunds.create({ payment_intent: paymentIntent });
    await local.whenIdle();

    // Assess
    expect(partial).toMatchObject({
      object: 'refund',
      amount: 1000,
      currency: 'cad',
      status: 'succeeded',
      payment_intent: paymentIntent,
    });
    expect(partial.id).toMatch(/^re_/);
    expect(rest.amount).toBe(1500);
    const events = receiver.received.map((request) =>
      stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, SECRET),
    );
    expect(events.map((event) => event.type)).toEqual(['charge.refunded', 'charge.refunded']);
    const charges = events.map((event) => event.data.object as unknown as Record<string, unknown>);
    expect(charges[0]).toMatchObject({
      object: 'charge',
      payment_intent: paymentIntent,
      amount: 2500,
      amount_captured: 2500,
      amount_refunded: 1000,
      refunded: false,
      currency: 'cad',
      metadata: { eventID: 'blueprint', year: '2026', email: 'ada@example.com', source: 'pi-data' },
    });
    expect(charges[1]).toMatchObject({ amount_refunded: 2500, refunded: true });
    expect(charges[0]?.id).toMatch(/^ch_/);
    const charge = await stripe.charges.retrieve(charges[0]?.id as string);
    expect(charge.amount_refunded).toBe(2500);
  });

  it('refuses more than what is left, and anything once fully refunded', async () => {
    // Prepare
    const { stripe, paymentIntent } = await paidSession();
    await stripe.refunds.create({ payment_intent: paymentIntent, amount: 2000 });

    // Act
    const tooMuch = await stripe.refunds
      .create({ payment_intent: paymentIntent, amount: 501 })
      .catch((error) => error);
    await stripe.refunds.create({ payment_intent: paymentIntent, amount: 500 });
    const again = await stripe.refunds.create({ payment_intent: paymentIntent }).catch((error) => error);

    // Assess
    expect(tooMuch).toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'amount',
      code: 'amount_too_large',
    });
    expect(again).toMatchObject({ type: 'StripeInvalidRequestError', code: 'charge_already_refunded' });
  });

  it('refunds by charge id and lists refunds per PaymentIntent', async () => {
    // Prepare
    const { stripe, paymentIntent } = await paidSession();
    const intent = await stripe.paymentIntents.retrieve(paymentIntent);

    // Act
    const refund = await stripe.refunds.create({
      charge: intent.latest_charge as string,
      amount: 100,
      reason: 'requested_by_customer',
    });
    const listed = await stripe.refunds.list({ payment_intent: paymentIntent });
    const retrieved = await stripe.refunds.retrieve(refund.id);

    // Assess
    expect(refund).toMatchObject({ charge: intent.latest_charge, reason: 'requested_by_customer' });
    expect(listed.data.map((item) => item.id)).toEqual([refund.id]);
    expect(retrieved.amount).toBe(100);
  });

  it('answers 404 for an unknown PaymentIntent and 400 without any target', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const unknown = await stripe.refunds.create({ payment_intent: 'pi_missing' }).catch((error) => error);
    const none = await stripe.refunds.create({}).catch((error) => error);

    // Assess
    expect(unknown).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'payment_intent' });
    expect(none).toMatchObject({ statusCode: 400, param: 'payment_intent' });
  });

  it('cannot refund a delayed payment that has not settled', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({ asyncPaymentDelayMs: 60_000 });
    const created = await stripe.checkout.sessions.create(sessionParams());
    const { session } = local.pay(created.id, { async: true });

    // Act
    const refund = stripe.refunds.create({ payment_intent: session.payment_intent as string });

    // Assess
    await expect(refund).rejects.toMatchObject({ statusCode: 400, code: 'charge_not_refundable' });
  });
});
