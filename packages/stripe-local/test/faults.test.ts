import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { createStripeLocal, NO_FAULTS, seededRandom } from '../src/index.js';
import { sessionParams, startReceiver, startStripeLocal } from './helpers.js';

const SECRET = 'whsec_test_faults';

/** An RNG that returns the given numbers in order and fails the test when asked for more. */
function scripted(...values: number[]): () => number {
  return () => {
    const next = values.shift();
    if (next === undefined)
      throw new Error('scripted RNG exhausted: the server drew more numbers than expected');
    return next;
  };
}

/** An RNG that must never be called: proves that knobs at 0 draw nothing. */
const noDraws = () => {
  throw new Error('random() was called although every fault knob is 0');
};

function eventIds(bodies: Array<{ body: string }>): string[] {
  return bodies.map((received) => (JSON.parse(received.body) as { id: string }).id);
}

describe('fault knobs', () => {
  it('are all 0 by default and then change nothing: one delivery per event, no random draws', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      random: noDraws,
    });

    // Act
    const created = await stripe.checkout.sessions.create(sessionParams());
    local.pay(created.id);
    await local.whenIdle();
    const events = await stripe.events.list();

    // Assess
    expect(local.faults()).toEqual(NO_FAULTS);
    expect(events.data.map((event) => event.type)).toEqual(['checkout.session.completed']);
    expect(eventIds(receiver.received)).toEqual([events.data[0]?.id]);
    expect(local.deliveries().map((attempt) => attempt.duplicate)).toEqual([false]);
  });

  it('webhookDrop=1 delivers nothing, retries included, yet GET /v1/events lists the event', async () => {
    // Prepare
    const receiver = await startReceiver();
    const cancelReceiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [
        { url: receiver.url, secret: SECRET },
        { url: cancelReceiver.url, secret: SECRET, types: ['checkout.session.expired'] },
      ],
      faults: { webhookDrop: 1 },
      random: seededRandom(7),
    });
    const paid = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(paid.id);
    await stripe.checkout.sessions.expire(expired.id);
    await local.whenIdle();
    const events = await stripe.events.list();

    // Assess
    expect(receiver.received).toEqual([]);
    expect(cancelReceiver.received).toEqual([]);
    expect(local.deliveries()).toEqual([]);
    expect(events.data.map((event) => [event.type, event.pending_webhooks])).toEqual([
      ['checkout.session.expired', 2],
      ['checkout.session.completed', 1],
    ]);
    expect(events.data[1]?.data.object).toMatchObject({ id: paid.id, payment_status: 'paid' });
  });

  it('webhookDrop draws once per event: below the probability drops it, above delivers it', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      faults: { webhookDrop: 0.5 },
      random: scripted(0.2, 0.7),
    });
    const first = await stripe.checkout.sessions.create(sessionParams());
    const second = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(first.id);
    local.pay(second.id);
    await local.whenIdle();

    // Assess
    const [secondEvent, firstEvent] = local.events();
    expect(firstEvent?.data.object).toMatchObject({ id: first.id });
    expect(eventIds(receiver.received)).toEqual([secondEvent?.id]);
  });

  it('webhookDuplicate=1 sends every delivery twice, both copies signed and marked in the log', async () => {
    // Prepare
    const receiver = await startReceiver();
    const cancelReceiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [
        { url: receiver.url, secret: SECRET },
        { url: cancelReceiver.url, secret: SECRET, types: ['checkout.session.expired'] },
      ],
      faults: { webhookDuplicate: 1 },
      random: seededRandom(7),
    });
    const paid = await stripe.checkout.sessions.create(sessionParams());
    const expired = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(paid.id);
    await stripe.checkout.sessions.expire(expired.id);
    await local.whenIdle();

    // Assess
    const [expiredEvent, completedEvent] = local.events();
    expect(eventIds(receiver.received)).toEqual([
      completedEvent?.id,
      completedEvent?.id,
      expiredEvent?.id,
      expiredEvent?.id,
    ]);
    expect(eventIds(cancelReceiver.received)).toEqual([expiredEvent?.id, expiredEvent?.id]);
    for (const received of [...receiver.received, ...cancelReceiver.received]) {
      const header = received.headers['stripe-signature'] as string;
      expect(() => Stripe.webhooks.constructEvent(received.body, header, SECRET)).not.toThrow();
    }
    expect(local.deliveries().filter((attempt) => attempt.duplicate)).toHaveLength(3);
    // Acknowledging the copy does not count twice: every endpoint acknowledged each event once.
    expect(local.events().map((event) => event.pending_webhooks)).toEqual([0, 0]);
  });

  it('webhookDelayMs makes a later event overtake an earlier one that drew a longer wait', async () => {
    // Prepare: the first event draws the longest wait (0.99 → 198 ms of 0–200), the second none.
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      faults: { webhookDelayMs: 200 },
      random: scripted(0.99, 0),
    });
    const first = await stripe.checkout.sessions.create(sessionParams());
    const second = await stripe.checkout.sessions.create(sessionParams());

    // Act
    local.pay(first.id);
    local.pay(second.id);
    await local.whenIdle();

    // Assess
    const [secondEvent, firstEvent] = local.events();
    expect(firstEvent?.data.object).toMatchObject({ id: first.id });
    expect(eventIds(receiver.received)).toEqual([secondEvent?.id, firstEvent?.id]);
    const [early, late] = local.deliveries();
    expect((late?.startedAt ?? 0) - (early?.startedAt ?? 0)).toBeGreaterThanOrEqual(150);
  });

  it('webhookDelayMs with a seeded RNG spreads deliveries but still delivers each event once', async () => {
    // Prepare
    const receiver = await startReceiver();
    const { stripe, local } = await startStripeLocal({
      webhookEndpoints: [{ url: receiver.url, secret: SECRET }],
      faults: { webhookDelayMs: 40 },
      random: seededRandom(42),
    });
    const sessions = await Promise.all(
      [1, 2, 3, 4, 5].map(() => stripe.checkout.sessions.create(sessionParams())),
    );

    // Act
    for (const session of sessions) local.pay(session.id);
    await local.whenIdle();

    // Assess
    const listed = local.events().map((event) => event.id);
    expect(eventIds(receiver.received).sort()).toEqual([...listed].sort());
    const starts = local.deliveries().map((attempt) => attempt.startedAt);
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(0);
  });

  it('apiFail=1 answers 500 api_error and changes nothing; the same Idempotency-Key works once it is off', async () => {
    // Prepare
    const { stripe, local } = await startStripeLocal({ faults: { apiFail: 1 }, random: seededRandom(7) });
    const idempotencyKey = 'create-blueprint-ticket';

    // Act
    const failed = await stripe.checkout.sessions
      .create(sessionParams(), { idempotencyKey })
      .catch((error: unknown) => error);
    const failedList = await stripe.checkout.sessions.list().catch((error: unknown) => error);
    const sessionsWhileFailing = local.sessions();
    local.setFaults({});
    const retried = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey });
    const replayed = await stripe.checkout.sessions.create(sessionParams(), { idempotencyKey });

    // Assess
    expect(failed).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(failed).toMatchObject({
      statusCode: 500,
      raw: { type: 'api_error', message: expect.any(String) },
    });
    expect(failedList).toBeInstanceOf(Stripe.errors.StripeAPIError);
    expect(sessionsWhileFailing).toEqual([]);
    expect(local.events()).toEqual([]);
    expect(retried.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(replayed.id).toBe(retried.id);
    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(local.sessions().map((session) => session.id)).toEqual([retried.id]);
  });

  it('apiFail: the SDK’s own retry of a failed call goes through under the same key, once', async () => {
    // Prepare: the first call draws 0.1 (< 0.5: fails), the SDK's retry draws 0.9 (passes).
    const { port, local } = await startStripeLocal({ faults: { apiFail: 0.5 }, random: scripted(0.1, 0.9) });
    const retrying = new Stripe('sk_test_local', {
      host: '127.0.0.1',
      port,
      protocol: 'http',
      maxNetworkRetries: 1,
    });

    // Act
    const created = await retrying.checkout.sessions.create(sessionParams());

    // Assess
    expect(local.sessions().map((session) => session.id)).toEqual([created.id]);
    expect(created.lastResponse.headers['idempotent-replayed']).toBeUndefined();
  });

  it('refuses out-of-range knobs with a TypeError, at creation and in setFaults', () => {
    // Prepare
    const bad = [
      { webhookDrop: 1.5 },
      { webhookDuplicate: -0.1 },
      { apiFail: Number.NaN },
      { webhookDelayMs: -1 },
      { webhookDelayMs: 2.5 },
    ];
    const local = createStripeLocal({ faults: { apiFail: 0.25 } });

    // Act
    const creations = bad.map((faults) => () => createStripeLocal({ faults }));
    const updates = bad.map((faults) => () => local.setFaults(faults));

    // Assess
    for (const create of creations) expect(create).toThrow(TypeError);
    for (const update of updates) expect(update).toThrow(TypeError);
    expect(() => createStripeLocal({ faults: { webhookDrop: 2 } })).toThrow(/webhookDrop.*0 to 1.*2/);
    expect(local.faults()).toEqual({ ...NO_FAULTS, apiFail: 0.25 });
  });
});
