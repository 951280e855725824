import { describe, expect, it } from 'vitest';
import { payOverHttp, sessionParams, startStripeLocal } from './helpers.js';

describe('paying a session (POST /checkout/{id}/pay)', () => {
  it('completes and pays the session and redirects to success_url with the id filled in', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const { status, json } = await payOverHttp(url, created.id);
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(status).toBe(200);
    expect(json.redirect).toBe(`http://localhost:3000/success?session_id=${created.id}`);
    expect(json.session).toMatchObject({ id: created.id, status: 'complete', payment_status: 'paid' });
    expect(session).toMatchObject({
      status: 'complete',
      payment_status: 'paid',
      amount_total: 2500,
      url: null,
    });
    expect(session.payment_intent).toMatch(/^pi_/);
    const intent = await stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount: 2500,
      amount_received: 2500,
      currency: 'cad',
    });
    expect(intent.latest_charge).toMatch(/^ch_/);
  });

  it('HALFOFF halves the total, keeps the subtotal and records the discount', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const { status } = await payOverHttp(url, created.id, { promotionCode: 'halfoff' });
    const session = await stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });

    // Assess
    expect(status).toBe(200);
    expect(session).toMatchObject({
      amount_subtotal: 2500,
      amount_total: 1250,
      total_details: { amount_discount: 1250, amount_shipping: 0, amount_tax: 0 },
      payment_status: 'paid',
    });
    expect(session.discounts?.[0]?.promotion_code).toMatch(/^promo_/);
    expect(session.line_items?.data[0]).toMatchObject({
      amount_subtotal: 2500,
      amount_discount: 1250,
      amount_total: 1250,
    });
    const intent = await stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(intent.amount).toBe(1250);
  });

  it('rounds percentage discounts to the nearest cent and spreads them over line items', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(
      sessionParams({
        allow_promotion_codes: true,
        line_items: [
          { price_data: { currency: 'cad', unit_amount: 1001, product_data: { name: 'a' } }, quantity: 1 },
          { price_data: { currency: 'cad', unit_amount: 1554, product_data: { name: 'b' } }, quantity: 1 },
        ],
      }),
    );

    // Act
    local.pay(created.id, { promotionCode: 'HALFOFF' });
    const session = await stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });

    // Assess
    expect(session.amount_subtotal).toBe(2555);
    expect(session.total_details?.amount_discount).toBe(1278);
    expect(session.amount_total).toBe(1277);
    const discounts = session.line_items?.data.map((item) => item.amount_discount) ?? [];
    expect(discounts.reduce((sum, part) => sum + part, 0)).toBe(1278);
  });

  it('a 100% code needs no payment: no PaymentIntent and payment_status no_payment_required', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    await payOverHttp(url, created.id, { promotionCode: 'FREE100' });
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(session).toMatchObject({
      status: 'complete',
      payment_status: 'no_payment_required',
      amount_total: 0,
      amount_subtotal: 2500,
      payment_intent: null,
      total_details: { amount_discount: 2500 },
    });
  });

  it('seeds HALFOFF and FREE100 by default', async () => {
    // Prepare
    const { local } = await startStripeLocal();

    // Act
    const codes = local.promotionCodes();

    // Assess
    expect(codes.map((code) => [code.code, code.percentOff])).toEqual([
      ['HALFOFF', 50],
      ['FREE100', 100],
    ]);
  });

  it('supports custom amount-off codes in the session currency only', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({
      promotionCodes: [
        { code: 'TENCAD', amountOff: 1000, currency: 'cad' },
        { code: 'TENUSD', amountOff: 1000, currency: 'usd' },
      ],
    });
    const first = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));
    const second = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const paid = local.pay(first.id, { promotionCode: 'TENCAD' });
    const wrongCurrency = () => local.pay(second.id, { promotionCode: 'TENUSD' });
    const defaultGone = () => local.pay(second.id, { promotionCode: 'HALFOFF' });

    // Assess
    expect(paid.session.amount_total).toBe(1500);
    expect(wrongCurrency).toThrow(/invalid/);
    expect(defaultGone).toThrow(/invalid/);
  });

  it('rejects an unknown promotion code with 400 and leaves the session open', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams({ allow_promotion_codes: true }));

    // Act
    const { status, json } = await payOverHttp(url, created.id, { promotionCode: 'NOPE' });
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'promotion_code_invalid', type: 'invalid_request_error' } });
    expect(session.status).toBe('open');
  });

  it('rejects promotion codes on sessions without allow_promotion_codes', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const { status, json } = await payOverHttp(url, created.id, { promotionCode: 'HALFOFF' });

    // Assess
    expect(status).toBe(400);
    expect(json).toMatchObject({ error: { code: 'promotion_codes_not_allowed' } });
  });

  it('refuses to pay a session twice or after it expired (409)', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const paid = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.create(sessionParams());
    await payOverHttp(url, paid.id);
    await stripe.checkout.sessions.expire(expired.id);

    // Act
    const again = await payOverHttp(url, paid.id);
    const late = await payOverHttp(url, expired.id);
    const missing = await payOverHttp(url, 'cs_test_missing');

    // Assess
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ error: { code: 'checkout_session_not_open' } });
    expect(late.status).toBe(409);
    expect(missing.status).toBe(404);
  });

  it('a failing card payment is declined (402) and the session stays open and payable', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const declined = await payOverHttp(url, created.id, { fail: true });
    const retried = await payOverHttp(url, created.id);

    // Assess
    expect(declined.status).toBe(402);
    expect(declined.json).toMatchObject({ error: { type: 'card_error', code: 'card_declined' } });
    expect(retried.status).toBe(200);
    const events = await stripe.events.list();
    expect(events.data.map((event) => event.type)).toEqual(['checkout.session.completed']);
  });

  it('rejects a malformed JSON body', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const response = await fetch(`${url}/checkout/${created.id}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"fail": "yes"}',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_body' } });
  });
});

describe('asynchronous payment methods', () => {
  it('completes unpaid, then succeeds with checkout.session.async_payment_succeeded', async () => {
    // Prepare
    const { stripe, url, local } = await startStripeLocal({ asyncPayments: true });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const { json } = await payOverHttp(url, created.id);
    await local.whenIdle();
    const events = await stripe.events.list();
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(json.session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(events.data.map((event) => event.type)).toEqual([
      'checkout.session.async_payment_succeeded',
      'checkout.session.completed',
    ]);
    const completed = events.data[1]?.data.object as { payment_status: string; status: string };
    expect(completed).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(session.payment_status).toBe('paid');
  });

  it('with fail, completes unpaid and then fails with checkout.session.async_payment_failed', async () => {
    // Prepare
    const { stripe, url, local } = await startStripeLocal({ asyncPayments: true });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    await payOverHttp(url, created.id, { fail: true });
    await local.whenIdle();
    const events = await stripe.events.list();
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(events.data.map((event) => event.type)).toEqual([
      'checkout.session.async_payment_failed',
      'checkout.session.completed',
    ]);
    expect(session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    const intent = await stripe.paymentIntents.retrieve(session.payment_intent as string);
    expect(intent.status).toBe('requires_payment_method');
  });

  it('settles after asyncPaymentDelayMs, and whenIdle waits for it', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({ asyncPaymentDelayMs: 50 });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const result = local.pay(created.id, { async: true });
    const before = await stripe.checkout.sessions.retrieve(created.id);
    await local.whenIdle();
    const after = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(result.session.payment_status).toBe('unpaid');
    expect(before.payment_status).toBe('unpaid');
    expect(after.payment_status).toBe('paid');
  });
});
