import {
  applyRegistrationEvent,
  checkoutMetadata,
  type RegistrationKey,
  type RegistrationSnapshot,
} from '@biztech/payments-core';
import { describe, expect, it } from 'vitest';
import { PaymentsConfigError, readPaymentsSettings } from '../src/env/index.ts';
import { runEffects } from '../src/flows/run-effects.ts';
import {
  createPaymentsHandler,
  lapseExpiredOffers,
  offerLink,
  offerReleasedSeats,
  type PaymentsHandlerConfig,
  type RouteContext,
  resolveConfig,
} from '../src/index.ts';
import { fakeGateway } from './support/fake-gateway.ts';
import { bearerFor } from './support/id-tokens.ts';
import { memoryConfig, memoryDeps, post } from './support/memory-handler.ts';
import { envelope } from './support/signed-event.ts';

const HOUR = 60 * 60 * 1000;
const T0 = Date.UTC(2026, 2, 1, 12);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The in-memory handler with a capacity-1 event (`tiny` 2026, paid 25.00 unless `free`), a clock
 * the test moves, and 2-hour offers.
 */
function setup(options: { free?: boolean } = {}) {
  let now = T0;
  const clock = { now: () => now };
  const gateway = fakeGateway();
  const { deps, stores, logs } = memoryDeps({ clock, gateway });
  stores.seedEvent({
    id: 'tiny',
    year: 2026,
    ename: 'Tiny',
    isApplicationBased: false,
    capac: 1,
    pricing: { nonMembers: options.free ? 0 : 25 },
  });
  const config: PaymentsHandlerConfig = { ...memoryConfig, waitlistOfferHours: 2 };
  const handler = createPaymentsHandler(deps, config);
  const key = (email: string): RegistrationKey => ({ email, eventID: 'tiny', year: 2026 });
  // What a job outside a request (the lapse job) runs with.
  const context: RouteContext = {
    request: new Request('https://api.example/jobs'),
    params: {},
    deps,
    config: resolveConfig(config),
    logger: logs.logger,
    requestId: 'job',
    setOutcome: () => {},
  };
  const t = {
    deps,
    gateway,
    stores,
    context,
    handler,
    advance(ms: number) {
      now += ms;
    },
    get now() {
      return now;
    },
    async register(email: string) {
      now += 1_000; // one registration after another: the line's order
      const res = await handler(post('/registrations', { email, eventID: 'tiny', year: 2026 }));
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async checkout(email: string) {
      const res = await handler(
        post('/payments', { paymentType: 'Event', email, eventID: 'tiny', year: 2026 }),
      );
      return {
        status: res.status,
        body: (await res.json()) as { sessionId: string; error?: { code: string } },
      };
    },
    async snapshot(email: string): Promise<RegistrationSnapshot> {
      const stored = await deps.registrations.loadRegistration(key(email));
      if (stored?.kind !== 'snapshot') throw new Error(`no snapshot for ${email}`);
      return stored.snapshot;
    },
    seats: () => deps.events.seatsTaken('tiny', 2026),
    /** Stripe's webhook, as the fake gateway "verifies" it. */
    async webhook(type: string, object: Record<string, unknown>) {
      const res = await handler(
        new Request('https://api.example/payments/webhook', {
          method: 'POST',
          headers: { 'stripe-signature': 'ok' },
          body: JSON.stringify(envelope(type, object)),
        }),
      );
      expect(res.status).toBe(200);
      return (await res.json()) as { outcome: string };
    },
    /** The metadata our checkout for `email` carries (the fake gateway's created input). */
    metadataOf(sessionId: string) {
      const index = Number(sessionId.replace('cs_fake_', '')) - 1;
      const input = gateway.created[index];
      if (input === undefined) throw new Error(`no session ${sessionId}`);
      return checkoutMetadata(input.reference);
    },
    async follow(email: string, offerId: string | undefined) {
      const link = offerLink('https://api.example', key(email), offerId ?? '');
      const url = offerId === undefined ? link.replace(/\?.*$/, '') : link;
      const res = await handler(new Request(url));
      const text = await res.text();
      return {
        status: res.status,
        location: res.headers.get('location'),
        code:
          text === ''
            ? undefined
            : ((JSON.parse(text) as { error?: { code: string } }).error?.code ?? undefined),
      };
    },
    key,
  };
  return t;
}

/** A holds the only seat with a checkout; B, then C, are waitlisted behind it. */
async function heldWithTwoWaiting(t: ReturnType<typeof setup>) {
  expect((await t.register('a-holder@ubc.ca')).body.registrationStatus).toBe('incomplete');
  const held = await t.checkout('a-holder@ubc.ca');
  expect(held.status).toBe(200);
  for (const who of ['b-first@ubc.ca', 'c-second@ubc.ca']) {
    expect((await t.register(who)).body.registrationStatus).toBe('waitlist');
  }
  return held.body.sessionId;
}

/** A's checkout expires: the webhook releases the seat, which is offered to B. */
async function offeredToB(t: ReturnType<typeof setup>) {
  const sessionId = await heldWithTwoWaiting(t);
  const expired = await t.webhook('checkout.session.expired', {
    id: sessionId,
    object: 'checkout.session',
    status: 'expired',
    payment_status: 'unpaid',
    amount_subtotal: 2500,
    amount_total: 2500,
    currency: 'cad',
    payment_intent: null,
    metadata: t.metadataOf(sessionId),
  });
  expect(expired.outcome).toBe('applied');
  const offer = (await t.snapshot('b-first@ubc.ca')).context.offer;
  if (!offer) throw new Error('B was not offered the seat');
  return offer;
}

describe('a released seat is offered to the oldest waitlisted registration', () => {
  it('an expired checkout’s seat: B (oldest) becomes incomplete with the seat held and an offer until now + WAITLIST_OFFER_HOURS', async () => {
    // Prepare
    const t = setup();
    // Act
    const offer = await offeredToB(t);
    // Assess
    const b = await t.snapshot('b-first@ubc.ca');
    expect(b.value).toBe('incomplete');
    expect(b.context.seat).toBe('held');
    expect(offer.id).toMatch(UUID);
    expect(offer.expiresAt).toBe(t.now + 2 * HOUR);
    expect((await t.snapshot('c-second@ubc.ca')).value).toBe('waitlist');
    expect((await t.snapshot('a-holder@ubc.ca')).context.seat).toBe('none');
    expect(await t.seats()).toBe(1);
    const read = await t.handler(
      new Request('https://api.example/registrations/b-first%40ubc.ca/tiny/2026', {
        headers: bearerFor('b-first@ubc.ca'),
      }),
    );
    expect(((await read.json()) as { registrationStatus: string }).registrationStatus).toBe('incomplete');
  });

  it('a cancelled paid place (fully refunded): its seat is offered to B', async () => {
    // Prepare: A pays, then is refunded in full.
    const t = setup();
    const sessionId = await heldWithTwoWaiting(t);
    const metadata = t.metadataOf(sessionId);
    await t.webhook('checkout.session.completed', {
      id: sessionId,
      object: 'checkout.session',
      status: 'complete',
      payment_status: 'paid',
      amount_subtotal: 2500,
      amount_total: 2500,
      currency: 'cad',
      payment_intent: 'pi_a',
      metadata,
    });
    expect((await t.snapshot('a-holder@ubc.ca')).value).toBe('registered');
    // Act
    const refunded = await t.webhook('charge.refunded', {
      id: 'ch_a',
      object: 'charge',
      payment_intent: 'pi_a',
      amount: 2500,
      amount_captured: 2500,
      amount_refunded: 2500,
      currency: 'cad',
      metadata,
    });
    // Assess
    expect(refunded.outcome).toBe('applied');
    expect((await t.snapshot('a-holder@ubc.ca')).value).toBe('cancelled');
    expect((await t.snapshot('b-first@ubc.ca')).context).toMatchObject({
      seat: 'held',
      offer: { id: expect.stringMatching(UUID) },
    });
    expect(await t.seats()).toBe(1);
  });

  it('a free event: the oldest waitlisted is registered at once (a cancellation run through runEffects)', async () => {
    // Prepare
    const t = setup({ free: true });
    expect((await t.register('a-holder@ubc.ca')).body.registrationStatus).toBe('registered');
    expect((await t.register('b-first@ubc.ca')).body.registrationStatus).toBe('waitlist');
    // Act
    const cancelled = await applyRegistrationEvent(t.deps, t.key('a-holder@ubc.ca'), { type: 'CANCEL' });
    await runEffects(t.context, { kind: 'registration', key: t.key('a-holder@ubc.ca') }, cancelled);
    // Assess
    const b = await t.snapshot('b-first@ubc.ca');
    expect(b.value).toBe('registered');
    expect(b.context.seat).toBe('used');
    expect(b.context.offer).toBeUndefined();
    expect(await t.seats()).toBe(1);
  });

  it('no seat is offered twice: another round while the offer is open offers nothing', async () => {
    const t = setup();
    const offer = await offeredToB(t);
    expect(await offerReleasedSeats(t.context, 'tiny', 2026)).toBe(0);
    expect((await t.snapshot('b-first@ubc.ca')).context.offer).toEqual(offer);
    expect((await t.snapshot('c-second@ubc.ca')).value).toBe('waitlist');
  });
});

describe('nobody else takes an offered seat', () => {
  it('a newcomer is waitlisted and refused a checkout, and C (waitlisted, not offered) cannot jump the line', async () => {
    // Prepare
    const t = setup();
    await offeredToB(t);
    // Act
    const newcomer = await t.register('d-newcomer@ubc.ca');
    const newcomerPays = await t.checkout('d-newcomer@ubc.ca');
    const cPays = await t.checkout('c-second@ubc.ca');
    // Assess
    expect(newcomer.body.registrationStatus).toBe('waitlist');
    expect(newcomerPays.status).toBe(409);
    expect(newcomerPays.body.error?.code).toBe('event_full');
    expect(cPays.status).toBe(409);
    expect(cPays.body.error?.code).toBe('event_full');
    expect(await t.seats()).toBe(1);
  });
});

describe('the offer link', () => {
  it('opens a checkout for the held seat and redirects to it (303), reusing it on a second click', async () => {
    // Prepare
    const t = setup();
    const offer = await offeredToB(t);
    // Act
    const first = await t.follow('b-first@ubc.ca', offer.id);
    const second = await t.follow('b-first@ubc.ca', offer.id);
    // Assess
    const b = await t.snapshot('b-first@ubc.ca');
    expect(first.status).toBe(303);
    expect(first.location).toBe(b.context.checkout?.url);
    expect(second.location).toBe(first.location);
    expect(b.context.seat).toBe('held');
    expect(await t.seats()).toBe(1);
  });

  it('a wrong offer id is 404 offer_not_found, a missing one 400 invalid_params, someone else’s 404', async () => {
    const t = setup();
    const offer = await offeredToB(t);
    expect(await t.follow('b-first@ubc.ca', 'not-the-offer')).toMatchObject({
      status: 404,
      code: 'offer_not_found',
    });
    expect(await t.follow('b-first@ubc.ca', undefined)).toMatchObject({
      status: 400,
      code: 'invalid_params',
    });
    expect(await t.follow('c-second@ubc.ca', offer.id)).toMatchObject({
      status: 404,
      code: 'offer_not_found',
    });
    expect(await t.follow('nobody@ubc.ca', offer.id)).toMatchObject({ status: 404, code: 'offer_not_found' });
  });

  it('after the deadline it is 410 offer_lapsed, and the seat passes to the next in line', async () => {
    // Prepare
    const t = setup();
    const offer = await offeredToB(t);
    t.advance(2 * HOUR);
    // Act
    const late = await t.follow('b-first@ubc.ca', offer.id);
    // Assess
    expect(late).toMatchObject({ status: 410, code: 'offer_lapsed' });
    expect((await t.snapshot('b-first@ubc.ca')).context).toMatchObject({ seat: 'none', offerLapsed: true });
    expect((await t.snapshot('c-second@ubc.ca')).context.seat).toBe('held');
    expect(await t.follow('b-first@ubc.ca', offer.id)).toMatchObject({ status: 410, code: 'offer_lapsed' });
  });

  it('offerLink encodes the key and the offer id', () => {
    const link = offerLink(
      'https://api.example/prod/',
      { email: 'A+b@UBC.ca', eventID: 'gala', year: 2026 },
      'x y',
    );
    expect(link).toBe('https://api.example/prod/registrations/a%2Bb%40ubc.ca/gala/2026/offer?offer=x%20y');
  });
});

describe('lapseExpiredOffers', () => {
  it('lapses an unpaid offer past its deadline (its checkout expired at Stripe first) and offers the seat to the next', async () => {
    // Prepare: B opened a checkout through the link, which then expired unpaid.
    const t = setup();
    const offer = await offeredToB(t);
    await t.follow('b-first@ubc.ca', offer.id);
    const bSession = (await t.snapshot('b-first@ubc.ca')).context.checkout?.id;
    t.advance(2 * HOUR);
    const all = await t.deps.registrations.listEventRegistrations('tiny', 2026);
    // Act
    const lapsed = await lapseExpiredOffers(t.context, all);
    // Assess
    expect(lapsed).toBe(1);
    const b = await t.snapshot('b-first@ubc.ca');
    expect(b.value).toBe('waitlist');
    expect(b.context).toMatchObject({ seat: 'none', offer: null, offerLapsed: true, checkout: null });
    expect(t.gateway.expired).toContain(bSession);
    const c = await t.snapshot('c-second@ubc.ca');
    expect(c.value).toBe('incomplete');
    expect(c.context.offer?.id).not.toBe(offer.id);
    expect(await t.seats()).toBe(1);
    // B waits on, but is never offered a seat again and holds nobody back.
    expect(await lapseExpiredOffers(t.context, all)).toBe(0);
  });

  it('leaves offers before their deadline alone', async () => {
    const t = setup();
    await offeredToB(t);
    t.advance(2 * HOUR - 1);
    expect(
      await lapseExpiredOffers(t.context, await t.deps.registrations.listEventRegistrations('tiny', 2026)),
    ).toBe(0);
    expect((await t.snapshot('b-first@ubc.ca')).context.seat).toBe('held');
  });
});

describe('WAITLIST_OFFER_HOURS', () => {
  it('waitlistOfferHours defaults to 24 and must be a positive number', () => {
    expect(resolveConfig(memoryConfig).waitlistOfferHours).toBe(24);
    expect(resolveConfig({ ...memoryConfig, waitlistOfferHours: 0.5 }).waitlistOfferHours).toBe(0.5);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => resolveConfig({ ...memoryConfig, waitlistOfferHours: bad })).toThrow(/waitlistOfferHours/);
    }
  });

  it('is read from the environment (default 24), and a bad value is named', () => {
    const env = {
      STRIPE_SECRET_KEY: 'sk_test_x',
      STRIPE_WEBHOOK_SECRET: 'whsec_x',
      CLIENT_URL: 'https://app.example/',
      COGNITO_USER_POOL_ID: 'pool',
      COGNITO_CLIENT_ID: 'client',
    };
    expect(readPaymentsSettings(env).waitlistOfferHours).toBe(24);
    expect(readPaymentsSettings({ ...env, WAITLIST_OFFER_HOURS: '1.5' }).waitlistOfferHours).toBe(1.5);
    expect(() => readPaymentsSettings({ ...env, WAITLIST_OFFER_HOURS: 'soon' })).toThrow(PaymentsConfigError);
    expect(() => readPaymentsSettings({ ...env, WAITLIST_OFFER_HOURS: '0' })).toThrow(/WAITLIST_OFFER_HOURS/);
  });
});
