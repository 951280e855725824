import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../src/index.js';
import { sessionParams, startReceiver, startStripeLocal } from './helpers.js';

const SECRET = 'whsec_test_main';
const CANCEL_SECRET = 'whsec_test_cancel';

describe('webhook delivery', () => {
  it('delivers checkout.session.completed signed so that stripe.webhooks.constructEvent accepts it', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(created.id);
    await local.whenIdle();

    // Assess
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const header = delivery?.headers['stripe-signature'] as string;
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(delivery?.body ?? '', header, SECRET);
    expect(event).toMatchObject({
      object: 'event',
      type: 'checkout.session.completed',
      livemode: false,
      api_version: expect.any(String),
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: {
        object: { id: created.id, status: 'complete', payment_status: 'paid', metadata: created.metadata },
      },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(delivery?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('signs with the endpoint secret: another secret or a changed body fails verification', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
    });
    const created = await stripe.checkout.sessions.create(sessionParams());
    local.pay(created.id);
    await local.whenIdle();
    const body = receiver.received[0]?.body ?? '';
    const header = receiver.received[0]?.headers['stripe-signature'] as string;

    // Act
    const wrongSecret = () => stripe.webhooks.constructEvent(body, header, 'whsec_other');
    const tampered = () => stripe.webhooks.constructEvent(body.replace('"paid"', '"unpaid"'), header, SECRET);

    // Assess
    expect(wrongSecret).toThrow(Stripe.errors.StripeSignatureVerificationError);
    expect(tampered).toThrow(Stripe.errors.StripeSignatureVerificationError);
  });

  it('signatureHeader matches the SDK’s own test header', () => {
    // Prepare
    const payload = '{"id":"evt_1"}';
    const timestamp = 1_800_000_000;

    // Act
    const ours = signatureHeader(payload, SECRET, timestamp);
    const sdks = Stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp });

    // Assess
    expect(ours).toBe(sdks);
  });

  it('retries with exponential backoff when the receiver answers 500 twice, then 200', async () => {
    // Prepare
    const receiver = await startReceiver((count) => (count <= 2 ? 500 : 200));
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      retry: { attempts: 5, baseDelayMs: 40 },
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(created.id);
    await local.whenIdle();

    // Assess
    const attempts = local.deliveries();
    expect(
      attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.ok, attempt.retryInMs]),
    ).toEqual([
      [1, 500, false, 40],
      [2, 500, false, 80],
      [3, 200, true, null],
    ]);
    const [first, second, third] = attempts.map((attempt) => attempt.startedAt);
    expect((second ?? 0) - (first ?? 0)).toBeGreaterThanOrEqual(38);
    expect((third ?? 0) - (second ?? 0)).toBeGreaterThanOrEqual(78);
    expect(new Set(receiver.received.map((request) => JSON.parse(request.body).id)).size).toBe(1);
    const stored = await stripe.events.retrieve(attempts[0]?.eventId ?? '');
    expect(stored.pending_webhooks).toBe(0);
  });

  it('gives up after the configured attempts and leaves the event pending', async () => {
    // Prepare
    const receiver = await startReceiver(() => 503);
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      retry: { attempts: 3, baseDelayMs: 5 },
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(created.id);
    await local.whenIdle();

    // Assess
    expect(local.deliveries().map((attempt) => attempt.status)).toEqual([503, 503, 503]);
    expect(receiver.received).toHaveLength(3);
    const [event] = local.events('checkout.session.completed');
    expect(event?.pending_webhooks).toBe(1);
  });

  it('retries after a connection error', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: 'http://127.0.0.1:9/unreachable', secret: SECRET }],
      retry: { attempts: 2, baseDelayMs: 5 },
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(created.id);
    await local.whenIdle();

    // Assess
    const attempts = local.deliveries();
    expect(attempts).toHaveLength(2);
    expect(attempts.every((attempt) => attempt.status === null && attempt.error !== null)).toBe(true);
  });

  it('delivers every event twice with duplicateDeliveries, both validly signed', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      duplicateDeliveries: true,
    });
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(created.id);
    await local.whenIdle();

    // Assess
    expect(receiver.received).toHaveLength(2);
    const events = receiver.received.map((request) =>
      stripe.webhooks.constructEvent(request.body, request.headers['stripe-signature'] as string, SECRET),
    );
    expect(events[0]?.id).toBe(events[1]?.id);
    expect(local.deliveries().map((attempt) => attempt.duplicate)).toEqual([false, true]);
  });

  it('sends each endpoint only the types it asked for, signed with its own secret', async () => {
    // Prepare
    const main = await startReceiver();
    const cancel = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [
        { url: main.url, secret: SECRET },
        { url: cancel.url, secret: CANCEL_SECRET, types: ['checkout.session.expired'] },
      ],
    });
    const paid = await stripe.checkout.sessions.create(sessionParams());
    const abandoned = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(paid.id);
    await stripe.checkout.sessions.expire(abandoned.id);
    await local.whenIdle();

    // Assess
    expect(main.received.map((request) => JSON.parse(request.body).type)).toEqual([
      'checkout.session.completed',
      'checkout.session.expired',
    ]);
    expect(cancel.received).toHaveLength(1);
    const expired = stripe.webhooks.constructEvent(
      cancel.received[0]?.body ?? '',
      cancel.received[0]?.headers['stripe-signature'] as string,
      CANCEL_SECRET,
    );
    expect(expired).toMatchObject({
      type: 'checkout.session.expired',
      data: { object: { id: abandoned.id } },
    });
    expect(expired.request?.id).toMatch(/^req_/);
  });

  it('uses endpoints set after start and does not block the API on slow retries; close() drops them', async () => {
    // Prepare
    const receiver = await startReceiver(() => 500);
    const { stripe, local } = await startStripeLocal({ retry: { attempts: 3, baseDelayMs: 60_000 } });
    local.setWebhookEndpoints([{ url: receiver.url, secret: SECRET }]);
    const created = await stripe.checkout.sessions.create(sessionParams());

    // Act
    const started = Date.now();
    local.pay(created.id);
    const session = await stripe.checkout.sessions.retrieve(created.id);
    await expect.poll(() => local.deliveries().length).toBe(1);
    await local.close();
    await local.whenIdle();
    const elapsed = Date.now() - started;

    // Assess
    expect(session.status).toBe('complete');
    expect(local.webhookEndpoints()).toEqual([{ url: receiver.url, secret: SECRET }]);
    expect(local.deliveries()).toHaveLength(1);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('refuses malformed endpoint configuration up front', () => {
    // Prepare
    const endpoints = [{ url: 'ftp://example.com', secret: SECRET }];

    // Act
    const create = () => startStripeLocal({ webhookEndpoints: endpoints });

    // Assess
    return expect(create()).rejects.toThrow(TypeError);
  });
});
