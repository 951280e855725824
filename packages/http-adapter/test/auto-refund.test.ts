import { applyRegistrationEvent, createMemoryStores } from '@biztech/payments-core';
import { describe, expect, it } from 'vitest';
import { createPaymentsHandler, silentLogger } from '../src/index.ts';
import { fakeGateway } from './support/fake-gateway.ts';
import { envelope } from './support/signed-event.ts';

/** A handler on in-memory stores and a fake gateway, with one paid event seeded. */
function setup(autoRefund: boolean) {
  const stores = createMemoryStores();
  stores.seedEvent({
    id: 'gala',
    year: 2026,
    ename: 'Gala',
    isApplicationBased: false,
    pricing: { nonMembers: 25 },
  });
  const gateway = fakeGateway();
  const clock = { now: () => Date.now() };
  const deps = {
    ...stores,
    gateway,
    identity: { signUp: async () => ({ created: true }) },
    clock,
    ids: { profileId: () => 'KindOwlsRead' },
    logger: silentLogger,
  };
  const handler = createPaymentsHandler(deps, {
    allowedRedirectOrigins: [],
    clientUrl: 'https://app.example/',
    webhookSecrets: ['whsec_x'],
    cancelWebhookSecrets: [],
    membershipYear: 2026,
    autoRefund,
  });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    handler(
      new Request(`https://api.example${path}`, {
        method: 'POST',
        headers: { prefer: 'return=representation', ...headers },
        body: JSON.stringify(body),
      }),
    );
  const completed = (sessionId: string) =>
    envelope('checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      payment_status: 'paid',
      amount_subtotal: 2500,
      amount_total: 2500,
      currency: 'cad',
      payment_intent: `pi_${sessionId}`,
      metadata: { paymentType: 'Event', email: 'ada@ubc.ca', eventID: 'gala', year: '2026' },
    });
  return { stores, gateway, deps, post, completed };
}

/** Two sessions of one registration are paid (the second was opened in a race and paid before it expired). */
async function payTwice(autoRefund: boolean, prepare: (t: ReturnType<typeof setup>) => void = () => {}) {
  const t = setup(autoRefund);
  prepare(t);
  await t.post('/registrations', { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 });
  const first = (await (
    await t.post('/payments', { paymentType: 'Event', email: 'ada@ubc.ca', eventID: 'gala', year: 2026 })
  ).json()) as { sessionId: string };
  const key = { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 };
  const racer = await t.gateway.createCheckout({ ...t.gateway.created[0]!, idempotencyKey: 'race' });
  await applyRegistrationEvent(t.deps, key, { type: 'OPEN_CHECKOUT', session: racer, seatAvailable: true });
  const a = await t.post('/payments/webhook', t.completed(first.sessionId), { 'stripe-signature': 'ok' });
  const b = await t.post('/payments/webhook', t.completed(racer.id), { 'stripe-signature': 'ok' });
  return { ...t, racer, answers: [await a.json(), await b.json()] };
}

describe('money the machines cannot use', () => {
  it('is refunded with the idempotency key refund:<sessionId> when autoRefund is on', async () => {
    // Act
    const { gateway, racer, answers } = await payTwice(true);
    // Assess
    expect(answers).toEqual([
      { received: true, outcome: 'applied' },
      { received: true, outcome: 'ignored' },
    ]);
    expect(gateway.refunds).toEqual([
      { paymentIntent: `pi_${racer.id}`, amount: 2500, idempotencyKey: `refund:${racer.id}` },
    ]);
  });

  it('is recorded as resolved by system, and nothing is left in the outbox once refunded', async () => {
    const { stores, racer } = await payTwice(true);
    const { queue, outbox } = stores.operations.inspect();
    expect(queue).toMatchObject([
      {
        id: `refund_needed:${racer.id}`,
        status: 'resolved',
        resolution: { action: 'refund', by: { sub: 'system' } },
      },
    ]);
    // (The racer's expiry was recorded by the test's own runner call, outside the handler.)
    expect(outbox.filter((i) => i.action.type === 'payment.refund')).toEqual([]);
  });

  it('is only reported when autoRefund is off: an open refund_needed queue item', async () => {
    // Act
    const { gateway, stores, racer } = await payTwice(false);
    // Assess
    expect(gateway.refunds).toEqual([]);
    expect(stores.operations.inspect().queue).toMatchObject([
      {
        id: `refund_needed:${racer.id}`,
        kind: 'refund_needed',
        status: 'open',
        reason: 'second_payment',
        paymentIntent: `pi_${racer.id}`,
        amount: 2500,
        subject: { kind: 'registration', key: { email: 'ada@ubc.ca', eventID: 'gala', year: 2026 } },
      },
    ]);
  });

  it('a refund that fails at Stripe stays in the outbox for the drainer, with its attempt recorded', async () => {
    const t = await payTwice(true, ({ gateway }) => {
      gateway.refund = async () => {
        throw new Error('stripe is down');
      };
    });
    // The webhook is answered: the change is committed and the outbox owns the refund now.
    expect(t.answers[1]).toEqual({ received: true, outcome: 'ignored' });
    const refunds = t.stores.operations.inspect().outbox.filter((i) => i.action.type === 'payment.refund');
    expect(refunds).toMatchObject([{ id: `refund:${t.racer.id}`, attempts: 1, lastError: 'stripe is down' }]);
  });
});
