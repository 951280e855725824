import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeLocal } from '../src/index.js';
import { manualClock, sessionParams, startStripeLocal } from './helpers.js';

describe('checkout sessions over the stripe SDK', () => {
  it('creates a session shaped like Stripe’s, with a hosted page url', async () => {
    // Prepare
    const clock = manualClock();
    const { stripe, url } = await startStripeLocal({ clock: clock.now });
    const now = Math.floor(clock.now() / 1000);

    // Act
    const session = await stripe.checkout.sessions.create(
      sessionParams({
        client_reference_id: 'reg-1',
        customer_email: 'ada@example.com',
        allow_promotion_codes: true,
      }),
    );

    // Assess
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{58}$/);
    expect(session).toMatchObject({
      object: 'checkout.session',
      url: `${url}/checkout/${session.id}`,
      status: 'open',
      payment_status: 'unpaid',
      amount_subtotal: 2500,
      amount_total: 2500,
      total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      currency: 'cad',
      metadata: { eventID: 'blueprint', year: '2026', email: 'ada@example.com' },
      client_reference_id: 'reg-1',
      customer_email: 'ada@example.com',
      created: now,
      expires_at: now + 24 * 60 * 60,
      mode: 'payment',
      success_url: 'http://localhost:3000/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/cancel',
      payment_intent: null,
      livemode: false,
      allow_promotion_codes: true,
      payment_method_types: ['card'],
    });
    expect(session).not.toHaveProperty('line_items');
  });

  it('upper-case currencies are stored lower-case and amounts add up over items and quantities', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = sessionParams({
      line_items: [
        { price_data: { currency: 'CAD', unit_amount: 1000, product_data: { name: 'Ticket' } }, quantity: 3 },
        { price_data: { currency: 'cad', unit_amount: 550, product_data: { name: 'Lunch' } }, quantity: 1 },
      ],
    });

    // Act
    const session = await stripe.checkout.sessions.create(params);

    // Assess
    expect(session.currency).toBe('cad');
    expect(session.amount_subtotal).toBe(3550);
    expect(session.amount_total).toBe(3550);
  });

  it('retrieves a session with expanded line items', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(
      sessionParams({
        line_items: [
          {
            price_data: {
              currency: 'cad',
              unit_amount: 1200,
              product_data: { name: 'Membership', images: [] },
            },
            quantity: 2,
          },
        ],
      }),
    );

    // Act
    const session = await stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });

    // Assess
    expect(session.id).toBe(created.id);
    expect(session.line_items).toMatchObject({
      object: 'list',
      has_more: false,
      data: [
        {
          object: 'item',
          amount_subtotal: 2400,
          amount_total: 2400,
          currency: 'cad',
          description: 'Membership',
          quantity: 2,
          price: { object: 'price', unit_amount: 1200, currency: 'cad', type: 'one_time' },
        },
      ],
    });
    expect(session.line_items?.data[0]?.id).toMatch(/^li_/);
  });

  it('lists line items through their own endpoint', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const items = await stripe.checkout.sessions.listLineItems(created.id, {
      expand: ['data.price.product'],
    });

    // Assess
    expect(items.data).toHaveLength(1);
    expect(items.data[0]?.price?.product).toMatchObject({ object: 'product', name: 'Blueprint 2026 ticket' });
  });

  it('answers resource_missing for an unknown session', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const retrieval = stripe.checkout.sessions.retrieve('cs_test_missing');

    // Assess
    await expect(retrieval).rejects.toMatchObject({
      type: 'StripeInvalidRequestError',
      statusCode: 404,
      code: 'resource_missing',
      param: 'session',
    });
  });

  it('lists sessions newest first, with limit, cursors and the payment_intent filter', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const first = await stripe.checkout.sessions.create(sessionParams());
    const second = await stripe.checkout.sessions.create(sessionParams());
    const third = await stripe.checkout.sessions.create(sessionParams());
    const paid = local.pay(second.id);

    // Act
    const page = await stripe.checkout.sessions.list({ limit: 2 });
    const next = await stripe.checkout.sessions.list({ limit: 2, starting_after: page.data[1]?.id ?? '' });
    const byIntent = await stripe.checkout.sessions.list({
      payment_intent: paid.session.payment_intent ?? '',
    });
    const all: string[] = [];
    for await (const session of stripe.checkout.sessions.list({ limit: 1 })) all.push(session.id);

    // Assess
    expect(page).toMatchObject({ object: 'list', has_more: true, url: '/v1/checkout/sessions' });
    expect(page.data.map((session) => session.id)).toEqual([third.id, second.id]);
    expect(next.data.map((session) => session.id)).toEqual([first.id]);
    expect(next.has_more).toBe(false);
    expect(byIntent.data.map((session) => session.id)).toEqual([second.id]);
    expect(all).toEqual([third.id, second.id, first.id]);
  });

  it('expires an open session and refuses to expire it again', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const expired = await stripe.checkout.sessions.expire(created.id);
    const again = stripe.checkout.sessions.expire(created.id);

    // Assess
    expect(expired).toMatchObject({ id: created.id, status: 'expired', payment_status: 'unpaid', url: null });
    await expect(again).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
  });

  it('cannot expire a completed session', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());
    local.pay(created.id);

    // Act
    const expiry = stripe.checkout.sessions.expire(created.id);

    // Assess
    await expect(expiry).rejects.toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400 });
  });

  it('answers /health', async () => {
    // Prepare
    const { url } = await startStripeLocal();

    // Act
    const response = await fetch(`${url}/health`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('uses publicUrl for session urls when given', async () => {
    // Prepare
    const { stripe } = await startStripeLocal({ publicUrl: 'http://stripe.localhost:9999/' });

    // Act
    const session = await stripe.checkout.sessions.create(sessionParams());

    // Assess
    expect(session.url).toBe(`http://stripe.localhost:9999/checkout/${session.id}`);
  });

  it('reports a busy port and can then listen elsewhere', async () => {
    // Prepare
    const { port } = await startStripeLocal();
    const second = createStripeLocal();

    // Act
    const busy = await second.listen(port).catch((error: NodeJS.ErrnoException) => error.code);
    const retried = await second.listen(0);
    await second.close();

    // Assess
    expect(busy).toBe('EADDRINUSE');
    expect(retried.port).not.toBe(port);
  });

  it('serves the same API through handler mounted on another server', async () => {
    // Prepare
    const local = createStripeLocal({ publicUrl: 'http://checkout.test' });
    const host = createServer(local.handler);
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const { port } = host.address() as AddressInfo;
    const stripe = new Stripe('sk_test_local', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });

    // Act
    const session = await stripe.checkout.sessions.create(sessionParams()).finally(async () => {
      await local.close();
      await new Promise<void>((resolve) => {
        host.close(() => resolve());
        host.closeAllConnections();
      });
    });

    // Assess
    expect(session.url).toBe(`http://checkout.test/checkout/${session.id}`);
  });
});
