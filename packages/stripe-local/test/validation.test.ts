import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { encodeForm } from '../src/index.js';
import { manualClock, sessionParams, startStripeLocal } from './helpers.js';

const { StripeInvalidRequestError, StripeAuthenticationError } = Stripe.errors;

/** Creates a session with `params` and returns what the SDK threw. */
async function createError(stripe: Stripe, params: Stripe.Checkout.SessionCreateParams) {
  try {
    await stripe.checkout.sessions.create(params);
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

describe('POST /v1/checkout/sessions validation', () => {
  it('rejects a non-integer unit_amount naming the exact param', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = sessionParams({
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 12.5, product_data: { name: 'x' } }, quantity: 1 },
      ],
    });

    // Act
    const error = await createError(stripe, params);

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({
      statusCode: 400,
      param: 'line_items[0][price_data][unit_amount]',
      code: 'parameter_invalid_integer',
    });
  });

  it('rejects a negative unit_amount', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params = sessionParams({
      line_items: [
        { price_data: { currency: 'cad', unit_amount: -1, product_data: { name: 'x' } }, quantity: 1 },
      ],
    });

    // Act
    const error = await createError(stripe, params);

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({
      param: 'line_items[0][price_data][unit_amount]',
      code: 'parameter_invalid_integer',
    });
  });

  it.each([
    ['less than 30 minutes away', 29 * 60],
    ['more than 24 hours away', 24 * 60 * 60 + 1],
    ['in the past', -60],
  ])('rejects expires_at %s', async (_label, offsetSeconds) => {
    // Prepare
    const clock = manualClock();
    const { stripe } = await startStripeLocal({ clock: clock.now });
    const expiresAt = Math.floor(clock.now() / 1000) + offsetSeconds;

    // Act
    const error = await createError(stripe, sessionParams({ expires_at: expiresAt }));

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'expires_at' });
  });

  it.each([
    ['exactly 30 minutes', 30 * 60],
    ['exactly 24 hours', 24 * 60 * 60],
  ])('accepts expires_at %s away', async (_label, offsetSeconds) => {
    // Prepare
    const clock = manualClock();
    const { stripe } = await startStripeLocal({ clock: clock.now });
    const expiresAt = Math.floor(clock.now() / 1000) + offsetSeconds;

    // Act
    const session = await stripe.checkout.sessions.create(sessionParams({ expires_at: expiresAt }));

    // Assess
    expect(session.expires_at).toBe(expiresAt);
  });

  it.each([
    ['51 keys', Object.fromEntries(Array.from({ length: 51 }, (_, index) => [`k${index}`, 'v']))],
    ['a 41-character key', { ['k'.repeat(41)]: 'v' }],
    ['a 501-character value', { note: 'v'.repeat(501) }],
  ])('rejects metadata with %s', async (_label, metadata) => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const error = await createError(stripe, sessionParams({ metadata }));

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param: 'metadata' });
  });

  it('accepts metadata right at the limits', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const metadata = Object.fromEntries(
      Array.from({ length: 50 }, (_, index) => [`${'k'.repeat(38)}${index}`.slice(-40), 'v'.repeat(500)]),
    );

    // Act
    const session = await stripe.checkout.sessions.create(sessionParams({ metadata }));

    // Assess
    expect(Object.keys(session.metadata ?? {})).toHaveLength(50);
  });

  it.each([
    ['success_url', 'success_url'],
    ['line_items', 'line_items'],
    ['mode', 'mode'],
  ] as const)('reports a missing %s as parameter_missing', async (field, param) => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const params: Partial<Stripe.Checkout.SessionCreateParams> = sessionParams();
    delete params[field];

    // Act
    const error = await createError(stripe, params as Stripe.Checkout.SessionCreateParams);

    // Assess
    expect(error).toBeInstanceOf(StripeInvalidRequestError);
    expect(error).toMatchObject({ statusCode: 400, param, code: 'parameter_missing' });
  });

  it('requires quantity and the product name of each line item', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const noQuantity = sessionParams({
      line_items: [{ price_data: { currency: 'cad', unit_amount: 100, product_data: { name: 'x' } } }],
    });
    const noName = sessionParams({
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 },
        {
          price_data: {
            currency: 'cad',
            unit_amount: 100,
            product_data: { description: 'no name' } as unknown as { name: string },
          },
          quantity: 1,
        },
      ],
    });

    // Act
    const quantityError = await createError(stripe, noQuantity);
    const nameError = await createError(stripe, noName);

    // Assess
    expect(quantityError).toMatchObject({ param: 'line_items[0][quantity]', code: 'parameter_missing' });
    expect(nameError).toMatchObject({
      param: 'line_items[1][price_data][product_data][name]',
      code: 'parameter_missing',
    });
  });

  it('rejects mixed currencies, bad urls, and modes and parameters stripe-local does not implement', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const mixed = sessionParams({
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 100, product_data: { name: 'a' } }, quantity: 1 },
        { price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'b' } }, quantity: 1 },
      ],
    });

    // Act
    const errors = [
      await createError(stripe, mixed),
      await createError(stripe, sessionParams({ success_url: 'not a url' })),
      await createError(stripe, sessionParams({ mode: 'subscription' })),
      await createError(stripe, { ...sessionParams(), shipping_options: [{ shipping_rate: 'shr_1' }] }),
    ];

    // Assess
    expect(errors.map((error) => (error as { param?: string }).param)).toEqual([
      'line_items[1][price_data][currency]',
      'success_url',
      'mode',
      'shipping_options',
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(StripeInvalidRequestError);
    // Stripe knows subscriptions and shipping options; stripe-local says it does not implement them.
    expect(errors.slice(2).map((error) => (error as { code?: string }).code)).toEqual([
      'stripe_local_unsupported_parameter',
      'stripe_local_unsupported_parameter',
    ]);
  });

  it('answers a malformed form body with a 400 instead of crashing', async () => {
    // Prepare
    const { url } = await startStripeLocal();

    // Act
    const response = await fetch(`${url}/v1/checkout/sessions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_x', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'metadata=x&metadata[a]=b',
    });

    // Assess
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('authentication', () => {
  it('rejects a request without an API key with Stripe’s 401 shape', async () => {
    // Prepare
    const { url } = await startStripeLocal();

    // Act
    const response = await fetch(`${url}/v1/checkout/sessions`);

    // Assess
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        type: 'invalid_request_error',
        message: expect.stringContaining('did not provide an API key'),
      },
    });
  });

  it('rejects live keys and, when apiKey is set, any other key', async () => {
    // Prepare
    const open = await startStripeLocal();
    const strict = await startStripeLocal({ apiKey: 'sk_test_only_this_one' });
    const live = new Stripe('sk_live_abcdefghijkl', { host: '127.0.0.1', port: open.port, protocol: 'http' });

    // Act
    const liveAttempt = await live.checkout.sessions.list().catch((error) => error);
    const wrongKeyAttempt = await strict.stripe.checkout.sessions.list().catch((error) => error);
    const rightKey = new Stripe('sk_test_only_this_one', {
      host: '127.0.0.1',
      port: strict.port,
      protocol: 'http',
    });
    const accepted = await rightKey.checkout.sessions.list();

    // Assess
    expect(liveAttempt).toBeInstanceOf(StripeAuthenticationError);
    expect(wrongKeyAttempt).toBeInstanceOf(StripeAuthenticationError);
    expect(accepted.data).toEqual([]);
  });

  it('accepts sk_local_ keys and HTTP basic auth as curl sends it', async () => {
    // Prepare
    const { url } = await startStripeLocal();
    const basic = Buffer.from('sk_local_demo:').toString('base64');

    // Act
    const bearer = await fetch(`${url}/v1/events`, { headers: { authorization: 'Bearer sk_local_demo' } });
    const viaBasic = await fetch(`${url}/v1/events`, { headers: { authorization: `Basic ${basic}` } });

    // Assess
    expect(bearer.status).toBe(200);
    expect(viaBasic.status).toBe(200);
  });
});

describe('unknown routes', () => {
  it('answers 404 for paths and methods outside the supported API', async () => {
    // Prepare
    const { url } = await startStripeLocal();
    const headers = { authorization: 'Bearer sk_test_x' };

    // Act
    const unknownPath = await fetch(`${url}/v1/customers`, { headers });
    const wrongMethod = await fetch(`${url}/v1/checkout/sessions/cs_test_x`, { method: 'DELETE', headers });

    // Assess
    expect(unknownPath.status).toBe(404);
    expect(wrongMethod.status).toBe(404);
    expect(await unknownPath.json()).toMatchObject({ error: { type: 'invalid_request_error' } });
  });
});

describe('idempotency', () => {
  it('replays the first response for the same key and parameters', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const params = sessionParams();

    // Act
    const first = await stripe.checkout.sessions.create(params, { idempotencyKey: 'reg-ada-blueprint' });
    const second = await stripe.checkout.sessions.create(params, { idempotencyKey: 'reg-ada-blueprint' });

    // Assess
    expect(second.id).toBe(first.id);
    expect(second).toEqual(first);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(local.sessions()).toHaveLength(1);
  });

  it('treats reordered form fields as the same parameters', async () => {
    // Prepare
    const { url } = await startStripeLocal();
    const fields = {
      mode: 'payment',
      success_url: 'http://localhost/s',
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 100, product_data: { name: 'x' } }, quantity: 1 },
      ],
    };
    const send = (body: string) =>
      fetch(`${url}/v1/checkout/sessions`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer sk_test_x',
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': 'same',
        },
        body,
      }).then((response) => response.json() as Promise<{ id: string }>);

    // Act
    const first = await send(encodeForm(fields));
    const second = await send(
      encodeForm({ line_items: fields.line_items, success_url: fields.success_url, mode: 'payment' }),
    );

    // Assess
    expect(second.id).toBe(first.id);
  });

  it('rejects the same key with different parameters as an idempotency_error', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'key-1' });

    // Act
    const conflict = stripe.checkout.sessions.create(sessionParams({ metadata: { other: 'yes' } }), {
      idempotencyKey: 'key-1',
    });

    // Assess
    await expect(conflict).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    await expect(conflict).rejects.toMatchObject({ type: 'StripeIdempotencyError', statusCode: 400 });
  });

  it('does not remember failed validation, so a fixed request may reuse the key', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const bad = {
      ...sessionParams(),
      success_url: undefined,
    } as unknown as Stripe.Checkout.SessionCreateParams;
    await expect(stripe.checkout.sessions.create(bad, { idempotencyKey: 'key-2' })).rejects.toThrow();

    // Act
    const session = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'key-2' });

    // Assess
    expect(session.status).toBe('open');
  });

  it('scopes keys by API key', async () => {
    // Prepare
    const { stripe, port } = await startStripeLocal();
    const other = new Stripe('sk_test_other', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const first = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey: 'shared' });

    // Act
    const second = await other.checkout.sessions.create(sessionParams(), { idempotencyKey: 'shared' });

    // Assess
    expect(second.id).not.toBe(first.id);
  });
});
