import { describe, expect, it } from 'vitest';
import { manualClock, sessionParams, startReceiver, startStripeLocal } from './helpers.js';

const SECRET = 'whsec_test_expiry';
const HOUR = 60 * 60 * 1000;

describe('automatic expiry', () => {
  it('expires an open session at expires_at by itself and sends checkout.session.expired', async () => {
    // Prepare
    const clock = manualClock();
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      clock: clock.now,
      sweepIntervalMs: 10,
      webhookEndpoints: [{ url: receiver.url, secret: SECRET, types: ['checkout.session.expired'] }],
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    clock.advance(24 * HOUR);
    await expect.poll(() => receiver.received.length).toBe(1);
    await local.whenIdle();

    // Assess
    const header = receiver.received[0]?.headers['stripe-signature'] as string;
    const event = stripe.webhooks.constructEvent(receiver.received[0]?.body ?? '', header, SECRET, 0);
    expect(event).toMatchObject({
      type: 'checkout.session.expired',
      created: Math.floor(clock.now() / 1000),
      data: { object: { id: created.id, status: 'expired', url: null } },
    });
    // The signature is timestamped with the injected clock, like every other time this server reports.
    expect(header).toContain(`t=${Math.floor(clock.now() / 1000)},`);
    const session = await stripe.checkout.sessions.retrieve(created.id);
    expect(session.status).toBe('expired');
  });

  it('signs with signatureClock when given, so a real-time receiver accepts events of a moved clock', async () => {
    // Prepare
    const clock = manualClock(Date.now());
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      clock: clock.now,
      signatureClock: Date.now,
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
    });
    const created = await stripe.checkout.sessions.create(sessionParams());
    clock.advance(24 * HOUR);

    // Act
    local.expireDue();
    await local.whenIdle();

    // Assess
    const header = receiver.received[0]?.headers['stripe-signature'] as string;
    const event = stripe.webhooks.constructEvent(receiver.received[0]?.body ?? '', header, SECRET);
    expect(event).toMatchObject({ type: 'checkout.session.expired', data: { object: { id: created.id } } });
  });

  it('expireDue() expires exactly the sessions whose expires_at has passed', async () => {
    // Prepare
    const clock = manualClock();
    const { stripe, local } = await startStripeLocal({ clock: clock.now, sweepIntervalMs: 0 });
    const nowSeconds = Math.floor(clock.now() / 1000);
    const soon = await stripe.checkout.sessions.create(sessionParams({ expires_at: nowSeconds + 3600 }));
    const later = await stripe.checkout.sessions.create(sessionParams({ expires_at: nowSeconds + 7200 }));

    // Act
    clock.advance(HOUR - 1000);
    const early = local.expireDue();
    clock.advance(1000);
    const due = local.expireDue();

    // Assess
    expect(early).toEqual([]);
    expect(due).toEqual([soon.id]);
    expect(local.getSession(later.id)?.status).toBe('open');
    expect(local.events().map((event) => event.type)).toEqual(['checkout.session.expired']);
  });

  it('never serves a session past expires_at as open, even before the sweeper runs', async () => {
    // Prepare
    const clock = manualClock();
    const { stripe } = await startStripeLocal({ clock: clock.now, sweepIntervalMs: 0 });
    const created = await stripe.checkout.sessions.create(sessionParams());
    clock.advance(25 * HOUR);

    // Act
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(session.status).toBe('expired');
  });

  it('does not expire paid sessions', async () => {
    // Prepare
    const clock = manualClock();
    const { stripe, local } = await startStripeLocal({ clock: clock.now, sweepIntervalMs: 0 });
    const created = await stripe.checkout.sessions.create(sessionParams());
    local.pay(created.id);
    clock.advance(25 * HOUR);

    // Act
    const expired = local.expireDue();

    // Assess
    expect(expired).toEqual([]);
    expect(local.getSession(created.id)?.status).toBe('complete');
  });
});

describe('cancel action', () => {
  it('returns the cancel_url and leaves the session open, as Stripe does', async () => {
    // Prepare
    const { stripe, url, local } = await startStripeLocal();
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const response = await fetch(`${url}/checkout/${created.id}/cancel`, { method: 'POST' });
    const session = await stripe.checkout.sessions.retrieve(created.id);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ redirect: 'http://localhost:3000/cancel' });
    expect(session.status).toBe('open');
    expect(local.events()).toEqual([]);
  });
});
