import { type CreateCheckoutInput, checkoutIdempotencyKey } from '@biztech/payments-core';
import { createStripeLocal, type StripeLocal } from '@biztech/stripe-local';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStripeGateway, type StripeGateway, sessionCreateParams } from '../src/index.ts';

let local: StripeLocal;
let gateway: StripeGateway;
beforeAll(async () => {
  local = createStripeLocal();
  const { port } = await local.listen(0);
  gateway = createStripeGateway(
    new Stripe('sk_test_gateway', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 }),
  );
});
afterAll(() => local.close());

let n = 0;
function input(overrides: Partial<CreateCheckoutInput> = {}): CreateCheckoutInput {
  n += 1;
  const reference = {
    kind: 'registration' as const,
    email: `g${n}@ubc.ca`,
    eventID: 'gala',
    year: 2026,
    attempt: 1,
  };
  return {
    reference,
    amount: 1999,
    currency: 'cad',
    productName: 'Gala',
    successUrl: 'https://app.example/done',
    cancelUrl: 'https://app.example/back',
    customerEmail: reference.email,
    expiresAt: Date.now() + 31 * 60_000,
    idempotencyKey: checkoutIdempotencyKey(reference),
    ...overrides,
  };
}

describe('sessionCreateParams', () => {
  it('sends no payment method list (the pinned API removed payment_method_types; the Dashboard decides)', () => {
    const params = sessionCreateParams(input());
    expect(params).not.toHaveProperty('payment_method_types');
    expect(params).not.toHaveProperty('allowed_payment_method_types');
    expect(params.mode).toBe('payment');
  });
});

describe('createStripeGateway', () => {
  it('replays the same session for a retried create with the same key and parameters', async () => {
    // Prepare
    const request = input();
    // Act
    const a = await gateway.createCheckout(request);
    const b = await gateway.createCheckout(request);
    // Assess
    expect(b.id).toBe(a.id);
    expect(a).toMatchObject({ amount: 1999, currency: 'cad' });
    expect(a.expiresAt).toBe(Math.floor(request.expiresAt / 1000) * 1000);
  });

  it('opens a new session when the key was used with other parameters (a later expires_at)', async () => {
    // Prepare
    const first = input();
    const a = await gateway.createCheckout(first);
    // Act
    const b = await gateway.createCheckout({ ...first, expiresAt: first.expiresAt + 60_000 });
    // Assess
    expect(b.id).not.toBe(a.id);
    expect(local.getSession(b.id)?.status).toBe('open');
  });

  it('opens a new session when the key replays a session that is no longer open', async () => {
    // Prepare
    const request = input();
    const a = await gateway.createCheckout(request);
    await gateway.expireCheckout(a.id);
    // Act
    const b = await gateway.createCheckout(request);
    // Assess
    expect(b.id).not.toBe(a.id);
    expect(local.getSession(b.id)?.status).toBe('open');
  });

  it('expires idempotently, retrieves, finds by payment intent, and knows unknown sessions', async () => {
    // Prepare
    const paid = await gateway.createCheckout(input());
    local.pay(paid.id);
    const paymentIntent = local.getSession(paid.id)?.payment_intent as string;
    const open = await gateway.createCheckout(input());
    // Act
    await gateway.expireCheckout(open.id);
    await gateway.expireCheckout(open.id);
    await gateway.expireCheckout(paid.id);
    const status = await gateway.retrieveCheckout(paid.id);
    const found = await gateway.findCheckoutByPaymentIntent(paymentIntent);
    const unknown = await gateway.retrieveCheckout('cs_test_unknown');
    // Assess
    expect(status).toMatchObject({
      id: paid.id,
      status: 'complete',
      payment: { paymentStatus: 'paid', amountSubtotal: 1999 },
    });
    expect(found?.id).toBe(paid.id);
    expect(unknown).toBeUndefined();
    expect(local.getSession(open.id)?.status).toBe('expired');
  });

  it('refunds once per idempotency key', async () => {
    // Prepare
    const paid = await gateway.createCheckout(input());
    local.pay(paid.id);
    const paymentIntent = local.getSession(paid.id)?.payment_intent as string;
    // Act
    const a = await gateway.refund({ paymentIntent, amount: 500, idempotencyKey: `refund:${paid.id}` });
    const b = await gateway.refund({ paymentIntent, amount: 500, idempotencyKey: `refund:${paid.id}` });
    // Assess
    expect(b.id).toBe(a.id);
  });

  it('maps a refused request to gateway_rejected', async () => {
    // Act
    const error = await gateway.createCheckout(input({ amount: -5 })).catch((e: unknown) => e);
    // Assess
    expect(error).toMatchObject({ code: 'gateway_rejected', status: 502 });
  });
});
