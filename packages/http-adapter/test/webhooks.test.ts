import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { envelope, signatureFor } from './support/signed-event.ts';
import { CANCEL_SECRET, type Stack, startStack, WEBHOOK_SECRET } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** A registration with an open session, paid while no webhook endpoint listens: its event is undelivered. */
async function paidButUndelivered() {
  const event = paidEvent();
  await stack.seedEvent(event);
  const email = `${uid('hook')}@ubc.ca`;
  await stack.call('POST', '/registrations', registrationBody(email, event));
  const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
  const endpoints = stack.local.webhookEndpoints();
  stack.local.setWebhookEndpoints([]);
  stack.local.pay(pay.body.sessionId);
  stack.local.setWebhookEndpoints(endpoints);
  const completed = stack.local
    .events('checkout.session.completed')
    .find((e) => (e.data.object as { id: string }).id === pay.body.sessionId);
  if (!completed) throw new Error('no completed event');
  return { event, email, sessionId: pay.body.sessionId as string, payload: JSON.stringify(completed) };
}

const nowSeconds = () => Math.floor(stack.clock.now() / 1000);
const post = (path: string, payload: string, headers: Record<string, string>) =>
  stack.call('POST', path, payload, { 'content-type': 'application/json', ...headers });

describe('webhook signatures: every bad signature is 400 and writes nothing', () => {
  const cases: Array<
    [string, (payload: string) => { path: string; body: string; headers: Record<string, string> }]
  > = [
    ['missing header', (p) => ({ path: '/payments/webhook', body: p, headers: {} })],
    [
      'wrong secret',
      (p) => ({
        path: '/payments/webhook',
        body: p,
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, 'whsec_wrong', nowSeconds()) },
      }),
    ],
    [
      'tampered body',
      (p) => ({
        path: '/payments/webhook',
        body: p.replace('"paid"', '"unpaid"'),
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, WEBHOOK_SECRET, nowSeconds()) },
      }),
    ],
    [
      'timestamp older than the tolerance',
      (p) => ({
        path: '/payments/webhook',
        body: p,
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, WEBHOOK_SECRET, nowSeconds() - 301) },
      }),
    ],
    [
      'timestamp in the future beyond the tolerance',
      (p) => ({
        path: '/payments/webhook',
        body: p,
        // Far beyond the 300 s tolerance: a request slowed by a busy machine must not bring it back inside.
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, WEBHOOK_SECRET, nowSeconds() + 3_600) },
      }),
    ],
    [
      "the cancel endpoint's secret on /payments/webhook",
      (p) => ({
        path: '/payments/webhook',
        body: p,
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, CANCEL_SECRET, nowSeconds()) },
      }),
    ],
    [
      "the webhook's secret on /payments/cancel",
      (p) => ({
        path: '/payments/cancel',
        body: p,
        headers: { 'stripe-signature': signatureFor(stack.stripe, p, WEBHOOK_SECRET, nowSeconds()) },
      }),
    ],
    [
      'garbage header',
      (p) => ({ path: '/payments/webhook', body: p, headers: { 'stripe-signature': 't=abc,v1=zzz' } }),
    ],
  ];

  it.each(cases)('%s → 400 invalid_signature, nothing written', async (_name, build) => {
    // Prepare
    const { payload } = await paidButUndelivered();
    const before = await stack.scanEverything();
    const request = build(payload);
    // Act
    const res = await post(request.path, request.body, request.headers);
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_signature');
    expect(await stack.scanEverything()).toEqual(before);
  });

  it('accepts a valid signature in any header casing, then answers the same event as duplicate', async () => {
    // Prepare
    const { payload, email, event } = await paidButUndelivered();
    const header = signatureFor(stack.stripe, payload, WEBHOOK_SECRET, nowSeconds());
    // Act
    const first = await post('/payments/webhook', payload, { 'STRIPE-SIGNATURE': header });
    const second = await post('/payments/webhook', payload, { 'stripe-signature': header });
    // Assess
    expect(first.body).toEqual({ received: true, outcome: 'applied' });
    expect(second.status).toBe(200);
    expect(second.body).toEqual({ received: true, outcome: 'duplicate' });
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('registered');
  });

  it('accepts any of several rolling secrets', async () => {
    // Prepare
    const rolling = await startStack({ config: { webhookSecrets: ['whsec_old', WEBHOOK_SECRET] } });
    const payload = JSON.stringify(envelope('customer.created', { id: 'cus_1', object: 'customer' }));
    // Act
    const res = await rolling.call('POST', '/payments/webhook', payload, {
      'stripe-signature': signatureFor(
        rolling.stripe,
        payload,
        WEBHOOK_SECRET,
        Math.floor(Date.now() / 1000),
      ),
    });
    await rolling.close();
    // Assess
    expect(res.body).toEqual({ received: true, outcome: 'ignored' });
  });
});

describe('webhook events', () => {
  it('ignores event types it does not handle and sessions that are not ours', async () => {
    // Prepare
    const other = JSON.stringify(envelope('invoice.paid', { id: 'in_1', object: 'invoice' }));
    const foreign = JSON.stringify(
      envelope('checkout.session.completed', {
        id: 'cs_test_foreign',
        object: 'checkout.session',
        payment_status: 'paid',
        amount_subtotal: 100,
        amount_total: 100,
        currency: 'cad',
        metadata: { product: 'someone else' },
      }),
    );
    // Act
    const a = await post('/payments/webhook', other, {
      'stripe-signature': signatureFor(stack.stripe, other, WEBHOOK_SECRET, nowSeconds()),
    });
    const b = await post('/payments/webhook', foreign, {
      'stripe-signature': signatureFor(stack.stripe, foreign, WEBHOOK_SECRET, nowSeconds()),
    });
    // Assess
    expect(a.body).toEqual({ received: true, outcome: 'ignored' });
    expect(b.body).toEqual({ received: true, outcome: 'ignored' });
  });

  it('never creates a registration from a session whose registration does not exist', async () => {
    // Prepare
    const payload = JSON.stringify(
      envelope('checkout.session.completed', {
        id: 'cs_test_orphan',
        object: 'checkout.session',
        payment_status: 'paid',
        amount_subtotal: 1999,
        amount_total: 1999,
        currency: 'cad',
        metadata: { paymentType: 'Event', email: 'orphan@ubc.ca', eventID: 'nowhere', year: '2026' },
      }),
    );
    // Act
    const res = await post('/payments/webhook', payload, {
      'stripe-signature': signatureFor(stack.stripe, payload, WEBHOOK_SECRET, nowSeconds()),
    });
    // Assess
    expect(res.body).toEqual({ received: true, outcome: 'ignored' });
    expect((await stack.scan(stack.tables.registrations)).some((i) => i.id === 'orphan@ubc.ca')).toBe(false);
  });

  it('expiry through /payments/cancel releases the checkout, and the registration can pay again', async () => {
    // Prepare
    const event = paidEvent({ capac: 5 });
    await stack.seedEvent(event);
    const email = `${uid('expire')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const first = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Act
    await stack.stripe.checkout.sessions.expire(first.body.sessionId);
    await stack.local.whenIdle();
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    const again = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    const cancel = stack.local.deliveries().find((d) => d.endpointUrl.endsWith('/payments/cancel') && d.ok);
    expect(cancel?.responseBody).toMatch(/"outcome":"(applied|duplicate)"/);
    expect(view.body).toEqual({ registrationStatus: 'incomplete' });
    expect(again.body.sessionId).not.toBe(first.body.sessionId);
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(1);
  });

  it('a full refund cancels the paid registration and gives its seat back', async () => {
    // Prepare
    const event = paidEvent({ capac: 5 });
    await stack.seedEvent(event);
    const email = `${uid('refund')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    await stack.pay(pay.body.sessionId);
    const paymentIntent = stack.local.getSession(pay.body.sessionId)?.payment_intent as string;
    // Act
    await stack.stripe.refunds.create({ payment_intent: paymentIntent });
    await stack.local.whenIdle();
    // Assess
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('cancelled');
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(0);
  });

  it('routes a refunded charge without metadata through its payment intent', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('nometa')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    await stack.pay(pay.body.sessionId);
    const paymentIntent = stack.local.getSession(pay.body.sessionId)?.payment_intent as string;
    const payload = JSON.stringify(
      envelope('charge.refunded', {
        id: 'ch_test_nometa',
        object: 'charge',
        payment_intent: paymentIntent,
        amount: 1999,
        amount_captured: 1999,
        amount_refunded: 1999,
        currency: 'cad',
        metadata: {},
      }),
    );
    // Act
    const res = await post('/payments/webhook', payload, {
      'stripe-signature': signatureFor(stack.stripe, payload, WEBHOOK_SECRET, nowSeconds()),
    });
    // Assess
    expect(res.body).toEqual({ received: true, outcome: 'applied' });
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('cancelled');
  });

  it('waits for a delayed payment: completed-but-unpaid is ignored, async success fulfils, async failure frees the checkout', async () => {
    // Prepare
    const event = paidEvent({ capac: 5 });
    await stack.seedEvent(event);
    const ok = `${uid('async')}@ubc.ca`;
    const failed = `${uid('asyncfail')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(ok, event));
    await stack.call('POST', '/registrations', registrationBody(failed, event));
    const okPay = await stack.call('POST', '/payments', eventPaymentBody(ok, event));
    const failPay = await stack.call('POST', '/payments', eventPaymentBody(failed, event));
    // Act
    await stack.pay(okPay.body.sessionId, { async: true });
    await stack.pay(failPay.body.sessionId, { async: true, fail: true });
    // Assess
    const outcomesOf = (sessionId: string) =>
      stack.local
        .deliveries()
        .filter((d) => d.ok && d.endpointUrl.endsWith('/payments/webhook'))
        .filter((d) =>
          stack.local
            .events()
            .some((e) => e.id === d.eventId && (e.data.object as { id: string }).id === sessionId),
        )
        .map((d) => `${d.eventType}:${JSON.parse(d.responseBody ?? '{}').outcome}`);
    expect(outcomesOf(okPay.body.sessionId)).toEqual([
      'checkout.session.completed:ignored',
      'checkout.session.async_payment_succeeded:applied',
    ]);
    expect(outcomesOf(failPay.body.sessionId)).toEqual([
      'checkout.session.completed:ignored',
      'checkout.session.async_payment_failed:applied',
    ]);
    expect((await stack.call('GET', `/registrations/${ok}/${event.id}/2026`)).body.registrationStatus).toBe(
      'registered',
    );
    expect((await stack.call('GET', `/registrations/${failed}/${event.id}/2026`)).body).toEqual({
      registrationStatus: 'incomplete',
    });
    expect(await stack.deps.events.seatsTaken(event.id, 2026)).toBe(1);
  });

  it('answers 503 while the store is throttled, so Stripe retries, and applies the retry exactly once', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('fault')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    stack.faults.throttleWrites = true;
    // Act
    stack.local.pay(pay.body.sessionId);
    await waitFor(() =>
      stack.local.deliveries().some((d) => d.eventType === 'checkout.session.completed' && d.status === 503),
    );
    stack.faults.throttleWrites = false;
    await stack.local.whenIdle();
    // Assess
    const attempts = stack.local
      .deliveries()
      .filter(
        (d) => d.endpointUrl.endsWith('/payments/webhook') && d.eventType === 'checkout.session.completed',
      );
    const mine = attempts.filter((d) => d.eventId === attempts.at(-1)?.eventId);
    expect(mine[0]?.status).toBe(503);
    expect(mine[0]?.responseBody).toContain('store_unavailable');
    expect(mine.at(-1)?.responseBody).toContain('"outcome":"applied"');
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('registered');
    const fulfilled = stack.logs.entries.filter(
      (e) => e.msg === 'registration.fulfilled' && e.sessionId === pay.body.sessionId,
    );
    expect(fulfilled).toHaveLength(1);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
