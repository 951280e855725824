import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { encodeForm } from '../src/index.js';
import { manualClock, sessionParams, startStripeLocal } from './helpers.js';

const { StripeInvalidRequestError } = Stripe.errors;

/** What a promise rejected with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to be refused');
}

/**
 * Sends parameters the SDK's types would not allow, through the SDK's own `rawRequest` (which takes
 * GET parameters only in the path).
 */
function raw(stripe: Stripe, method: 'GET' | 'POST', path: string, params: object) {
  return method === 'GET'
    ? stripe.rawRequest('GET', `${path}?${encodeForm(params as Parameters<typeof encodeForm>[0])}`)
    : stripe.rawRequest('POST', path, params as Record<string, unknown>);
}

/** A paid session's PaymentIntent id, for refunds. */
async function paidPaymentIntent(local: Awaited<ReturnType<typeof startStripeLocal>>) {
  const session = await local.stripe.checkout.sessions.create(sessionParams());
  local.local.pay(session.id);
  const paymentIntent = local.local.getSession(session.id)?.payment_intent;
  if (typeof paymentIntent !== 'string') throw new Error('no payment intent');
  return paymentIntent;
}

describe('parameters Stripe does not know are refused with parameter_unknown', () => {
  it('refuses an unknown top-level parameter of session create', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act: the SDK's types forbid unknown keys, so send them raw
    const error = await rejection(
      stripe.rawRequest('POST', '/v1/checkout/sessions', { ...sessionParams(), bogus: 'x' }),
    );

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      code: 'parameter_unknown',
      param: 'bogus',
    });
  });

  it('refuses an unknown nested parameter with its full bracketed path', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = {
      ...sessionParams(),
      line_items: [
        {
          price_data: { currency: 'cad', unit_amount: 2500, product_data: { name: 'x' }, bogus: 'y' },
          quantity: 1,
        },
      ],
    };

    // Act
    const error = await rejection(stripe.rawRequest('POST', '/v1/checkout/sessions', params));

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'line_items[0][price_data][bogus]',
    });
  });

  it('answers with Stripe’s error body on the wire', async () => {
    // Prepare
    const { url } = await startStripeLocal();
    const body = `${encodeForm({ mode: 'payment', success_url: 'http://localhost/s' })}&payment_intent_data[metadata][a]=1&payment_intent_data[bogus]=2`;

    // Act
    const response = await fetch(`${url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        code: 'parameter_unknown',
        param: 'payment_intent_data[bogus]',
        message: expect.stringContaining('Received unknown parameter: payment_intent_data[bogus]'),
        doc_url: 'https://stripe.com/docs/error-codes/parameter-unknown',
      },
    });
  });

  it('refuses payment_method_types, which API 2026-10-28.endive removed', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();

    // Act
    const error = await rejection(
      stripe.rawRequest('POST', '/v1/checkout/sessions', {
        ...sessionParams(),
        payment_method_types: ['card'],
      }),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_unknown',
      param: 'payment_method_types',
    });
    expect(local.sessions()).toEqual([]);
  });

  it('accepts allowed_payment_method_types and reports it on the session', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const session = await stripe.checkout.sessions.create(
      sessionParams({ allowed_payment_method_types: ['card'] }),
    );

    // Assess
    expect(session.allowed_payment_method_types).toEqual(['card']);
    expect(session.payment_method_types).toEqual(['card']);
  });

  it.each([
    ['GET', '/v1/checkout/sessions', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/checkout/sessions', { created: { between: '1' } }, 'created[between]'],
    ['GET', '/v1/checkout/sessions/cs_test_unknown', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/checkout/sessions/cs_test_unknown/line_items', { created: '1' }, 'created'],
    ['POST', '/v1/checkout/sessions/cs_test_unknown/expire', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/events', { type: 'checkout.session.completed', bogus: '1' }, 'bogus'],
    ['GET', '/v1/events/evt_unknown', { bogus: '1' }, 'bogus'],
    ['POST', '/v1/refunds', { payment_intent: 'pi_x', metadata: { a: '1' }, bogus: '1' }, 'bogus'],
    ['GET', '/v1/refunds', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/refunds/re_unknown', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/charges/ch_unknown', { bogus: '1' }, 'bogus'],
    ['GET', '/v1/payment_intents/pi_unknown', { bogus: '1' }, 'bogus'],
  ] as const)('%s %s refuses %j', async (method, path, params, param) => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act: checked before the id is looked up, as on Stripe
    const error = await rejection(raw(stripe, method, path, params));

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param });
  });
});

describe('parameters Stripe knows but stripe-local does not implement', () => {
  it.each([
    ['POST', '/v1/checkout/sessions', { ...sessionParams(), customer: 'cus_1' }, 'customer'],
    [
      'POST',
      '/v1/checkout/sessions',
      { ...sessionParams(), payment_intent_data: { capture_method: 'manual' } },
      'payment_intent_data[capture_method]',
    ],
    ['GET', '/v1/checkout/sessions', { customer: 'cus_1' }, 'customer'],
    ['GET', '/v1/events', { delivery_success: 'true' }, 'delivery_success'],
  ] as const)('%s %s refuses %j as unsupported, not unknown', async (method, path, params, param) => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const error = await rejection(raw(stripe, method, path, params));

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, code: 'stripe_local_unsupported_parameter', param });
  });

  it('lets an empty value of such a parameter through, since it only unsets it', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const list = await raw(stripe, 'GET', '/v1/checkout/sessions', { customer: '' });

    // Assess
    expect(list).toMatchObject({ object: 'list', data: [] });
  });
});

describe('expand[] stays accepted', () => {
  it('expands line items on retrieve, on list and in a raw query', async () => {
    // Prepare
    const { stripe, url } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const retrieved = await stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items'] });
    const listed = await stripe.checkout.sessions.list({ expand: ['data.line_items'] });
    const raw = await fetch(`${url}/v1/checkout/sessions/${created.id}?expand[]=line_items`, {
      headers: { authorization: 'Bearer sk_test_x' },
    });
    const created2 = await stripe.checkout.sessions.create(sessionParams({ expand: ['line_items'] }));

    // Assess
    expect(retrieved.line_items?.data).toHaveLength(1);
    expect(listed.data[0]?.line_items?.data).toHaveLength(1);
    expect(raw.status).toBe(200);
    expect(((await raw.json()) as { line_items: { data: unknown[] } }).line_items.data).toHaveLength(1);
    expect(created2.line_items?.data).toHaveLength(1);
  });

  it('is accepted by every endpoint, including ones that ignore it', async () => {
    // Prepare
    const local = await startStripeLocal();
    const paymentIntent = await paidPaymentIntent(local);
    const { stripe } = local;

    // Act
    const refund = await stripe.refunds.create({ payment_intent: paymentIntent, expand: ['charge'] });
    const events = await stripe.events.list({ expand: ['data.request'] });
    const intent = await stripe.paymentIntents.retrieve(paymentIntent, { expand: ['latest_charge'] });

    // Assess
    expect(refund.status).toBe('succeeded');
    expect(events.data.length).toBeGreaterThan(0);
    expect(intent.id).toBe(paymentIntent);
  });
});

describe('Stripe’s field limits', () => {
  const keys = (count: number) =>
    Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, 'v']));

  it.each([
    ['51 keys', keys(51)],
    ['a 41-character key', { ['k'.repeat(41)]: 'v' }],
    ['a 501-character value', { note: 'v'.repeat(501) }],
  ])('refuses payment_intent_data[metadata] with %s', async (_label, metadata) => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const error = await rejection(
      stripe.checkout.sessions.create(sessionParams({ payment_intent_data: { metadata } })),
    );

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_invalid_string',
      param: 'payment_intent_data[metadata]',
    });
  });

  it('accepts payment_intent_data[metadata] right at the limits', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const metadata = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`${'k'.repeat(38)}${index}`.slice(-40), 'v'.repeat(500)]),
    );

    // Act
    const session = await stripe.checkout.sessions.create(
      sessionParams({ payment_intent_data: { metadata } }),
    );
    local.pay(session.id);
    const paymentIntent = local.getSession(session.id)?.payment_intent as string;
    const intent = await stripe.paymentIntents.retrieve(paymentIntent);

    // Assess
    expect(Object.keys(intent.metadata)).toEqual(expect.arrayContaining(Object.keys(metadata)));
  });

  it.each([
    ['51 keys', keys(51)],
    ['a 41-character key', { ['k'.repeat(41)]: 'v' }],
    ['a 501-character value', { note: 'v'.repeat(501) }],
  ])('refuses refund metadata with %s', async (_label, metadata) => {
    // Prepare
    const local = await startStripeLocal();
    const paymentIntent = await paidPaymentIntent(local);

    // Act
    const error = await rejection(local.stripe.refunds.create({ payment_intent: paymentIntent, metadata }));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_invalid_string', param: 'metadata' });
    expect(local.local.events('charge.refunded')).toEqual([]);
  });

  it('accepts refund metadata right at the limits', async () => {
    // Prepare
    const local = await startStripeLocal();
    const paymentIntent = await paidPaymentIntent(local);
    const metadata = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`${'r'.repeat(38)}${index}`.slice(-40), 'v'.repeat(500)]),
    );

    // Act
    const refund = await local.stripe.refunds.create({ payment_intent: paymentIntent, metadata });

    // Assess
    expect(refund.metadata).toEqual(metadata);
  });

  it('reports session metadata limits with a code', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const error = await rejection(stripe.checkout.sessions.create(sessionParams({ metadata: keys(51) })));

    // Assess
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_invalid_string', param: 'metadata' });
  });

  it('refuses a 201-character client_reference_id and accepts 200', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const error = await rejection(
      stripe.checkout.sessions.create(sessionParams({ client_reference_id: 'r'.repeat(201) })),
    );
    const session = await stripe.checkout.sessions.create(
      sessionParams({ client_reference_id: 'r'.repeat(200) }),
    );

    // Assess
    expect(error).toMatchObject({
      statusCode: 400,
      code: 'parameter_invalid_string',
      param: 'client_reference_id',
    });
    expect(session.client_reference_id).toHaveLength(200);
  });

  it('refuses a 256-character Idempotency-Key and accepts 255', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();

    // Act
    const error = await rejection(
      stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'k'.repeat(256) }),
    );
    const session = await stripe.checkout.sessions.create(sessionParams(), {
      idempotencyKey: 'k'.repeat(255),
    });

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, message: expect.stringContaining('Idempotency-Key') });
    expect(local.sessions().map((created) => created.id)).toEqual([session.id]);
  });

  it.each([
    ['one second under 30 minutes', 30 * 60 - 1, false],
    ['exactly 30 minutes', 30 * 60, true],
    ['exactly 24 hours', 24 * 60 * 60, true],
    ['one second over 24 hours', 24 * 60 * 60 + 1, false],
  ])('expires_at %s away from the server clock', async (_label, offsetSeconds, accepted) => {
    // Prepare: the server's clock, not the test's, is what counts
    const clock = manualClock(Date.UTC(2030, 5, 1, 9, 0, 0));
    const { stripe } = await startStripeLocal({ clock: clock.now });
    const expiresAt = Math.floor(clock.now() / 1000) + offsetSeconds;

    // Act
    const outcome = await stripe.checkout.sessions
      .create(sessionParams({ expires_at: expiresAt }))
      .catch((error: unknown) => error);

    // Assess
    if (accepted) expect(outcome).toMatchObject({ expires_at: expiresAt });
    else
      expect(outcome).toMatchObject({
        statusCode: 400,
        code: 'parameter_invalid_integer',
        param: 'expires_at',
      });
  });

  it.each([
    [-1, false],
    [0, true],
  ])('unit_amount %i', async (unitAmount, accepted) => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = sessionParams({
      line_items: [
        {
          price_data: { currency: 'cad', unit_amount: unitAmount, product_data: { name: 'x' } },
          quantity: 1,
        },
      ],
    });

    // Act
    const outcome = await stripe.checkout.sessions.create(params).catch((error: unknown) => error);

    // Assess
    if (accepted) expect(outcome).toMatchObject({ amount_total: 0 });
    else
      expect(outcome).toMatchObject({
        statusCode: 400,
        code: 'parameter_invalid_integer',
        param: 'line_items[0][price_data][unit_amount]',
      });
  });

  it.each([
    ['zzz', false],
    ['ca', false],
    ['EUR', true],
    ['jpy', true],
  ])('currency %s', async (currency, accepted) => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = sessionParams({
      line_items: [{ price_data: { currency, unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 }],
    });

    // Act
    const outcome = await stripe.checkout.sessions.create(params).catch((error: unknown) => error);

    // Assess
    if (accepted) expect(outcome).toMatchObject({ currency: currency.toLowerCase() });
    else
      expect(outcome).toMatchObject({
        statusCode: 400,
        code: 'parameter_invalid_string',
        param: 'line_items[0][price_data][currency]',
      });
  });
});
