import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { DEFAULT_API_VERSION } from '../src/index.js';
import { sessionParams, startStripeLocal } from './helpers.js';

describe('GET /v1/events', () => {
  it('lists events newest first with limit, type filters and cursors', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal();
    const first = await stripe.checkout.sessions.create(sessionParams());
    const second = await stripe.checkout.sessions.create(sessionParams());
    const third = await stripe.checkout.sessions.create(sessionParams());
    local.pay(first.id);
    await stripe.checkout.sessions.expire(second.id);
    const { session } = local.pay(third.id);
    await stripe.refunds.create({ payment_intent: session.payment_intent as string });

    // Act
    const all = await stripe.events.list();
    const limited = await stripe.events.list({ limit: 2 });
    const completed = await stripe.events.list({ type: 'checkout.session.completed' });
    const checkout = await stripe.events.list({ type: 'checkout.session.*' });
    const older = await stripe.events.list({ starting_after: limited.data[1]?.id ?? '' });

    // Assess
    expect(all.data.map((event) => event.type)).toEqual([
      'charge.refunded',
      'checkout.session.completed',
      'checkout.session.expired',
      'checkout.session.completed',
    ]);
    expect(all).toMatchObject({ object: 'list', has_more: false, url: '/v1/events' });
    expect(limited.data).toHaveLength(2);
    expect(limited.has_more).toBe(true);
    expect(completed.data.map((event) => (event.data.object as { id: string }).id)).toEqual([
      third.id,
      first.id,
    ]);
    expect(checkout.data).toHaveLength(3);
    expect(older.data.map((event) => event.type)).toEqual([
      'checkout.session.expired',
      'checkout.session.completed',
    ]);
  });

  it('retrieves one event shaped like Stripe’s', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());
    await stripe.checkout.sessions.expire(created.id, {}, { idempotencyKey: 'expire-1' });
    const [listed] = (await stripe.events.list()).data;

    // Act
    const event = await stripe.events.retrieve(listed?.id ?? '');

    // Assess
    expect(event).toEqual({
      id: listed?.id,
      object: 'event',
      type: 'checkout.session.expired',
      api_version: DEFAULT_API_VERSION,
      created: expect.any(Number),
      livemode: false,
      data: {
        object: expect.objectContaining({ id: created.id, object: 'checkout.session', status: 'expired' }),
      },
      pending_webhooks: 0,
      request: { id: expect.stringMatching(/^req_/), idempotency_key: 'expire-1' },
    });
  });

  it('keeps the object as it was when the event happened', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({ asyncPayments: true });
    const created = await stripe.checkout.sessions.create(sessionParams());
    local.pay(created.id);
    await local.whenIdle();

    // Act
    const completed = (await stripe.events.list({ type: 'checkout.session.completed' })).data[0];

    // Assess
    expect(completed?.data.object).toMatchObject({ payment_status: 'unpaid' });
    expect(local.getSession(created.id)?.payment_status).toBe('paid');
  });

  it('stamps events with the API version the pinned stripe SDK uses', () => {
    // Prepare
    const sdkVersion = Stripe.API_VERSION;

    // Act
    const ours = DEFAULT_API_VERSION;

    // Assess
    expect(ours).toBe(sdkVersion);
  });

  it('answers resource_missing for an unknown event', async () => {
    // Prepare
    const { stripe } = await startStripeLocal();

    // Act
    const retrieval = stripe.events.retrieve('evt_missing');

    // Assess
    await expect(retrieval).rejects.toMatchObject({ statusCode: 404, code: 'resource_missing' });
  });
});
