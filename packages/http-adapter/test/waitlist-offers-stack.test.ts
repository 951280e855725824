import type { EventRecord, RegistrationSnapshot } from '@biztech/payments-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lapseExpiredOffers, offerLink, type RouteContext, resolveConfig } from '../src/index.ts';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { CANCEL_SECRET, CLIENT_URL, type Stack, startStack, WEBHOOK_SECRET } from './support/stack.ts';

// Waitlist offers end to end: DynamoDB Local, the local Stripe server paying and expiring
// sessions and delivering their webhooks, and the HTTP handler in between.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ config: { waitlistOfferHours: 24 } });
});
afterAll(() => stack.close());

const HOUR = 60 * 60_000;
const email = (label: string) => `${uid(label)}@ubc.ca`;

async function seeded(overrides: Partial<EventRecord> = {}) {
  const event = paidEvent(overrides);
  await stack.seedEvent(event);
  return event;
}
const register = (who: string, event: EventRecord) =>
  stack.call('POST', '/registrations', registrationBody(who, event));
const checkout = (who: string, event: EventRecord) =>
  stack.call('POST', '/payments', eventPaymentBody(who, event));
const seats = (event: EventRecord) => stack.deps.events.seatsTaken(event.id, event.year);
const keyOf = (who: string, event: EventRecord) => ({ email: who, eventID: event.id, year: event.year });
async function snapshotOf(who: string, event: EventRecord): Promise<RegistrationSnapshot> {
  const stored = await stack.deps.registrations.loadRegistration(keyOf(who, event));
  if (stored?.kind !== 'snapshot') throw new Error(`no snapshot for ${who}`);
  return stored.snapshot;
}
/** Follows an offer link as the email's reader would, without following the redirect. */
async function follow(who: string, event: EventRecord, offerId: string) {
  const res = await fetch(offerLink(stack.url, keyOf(who, event), offerId), { redirect: 'manual' });
  const text = await res.text();
  return {
    status: res.status,
    location: res.headers.get('location'),
    code: text === '' ? undefined : (JSON.parse(text) as { error: { code: string } }).error.code,
  };
}
/** What a lapse job outside a request runs with. */
function jobContext(): RouteContext {
  return {
    request: new Request(`${stack.url}/jobs`),
    params: {},
    deps: stack.deps,
    config: resolveConfig({
      allowedRedirectOrigins: ['http://localhost:3000'],
      clientUrl: CLIENT_URL,
      webhookSecrets: [WEBHOOK_SECRET],
      cancelWebhookSecrets: [CANCEL_SECRET],
      membershipYear: 2026,
      waitlistOfferHours: 24,
    }),
    logger: stack.logs.logger,
    requestId: 'lapse-job',
    setOutcome: () => {},
  };
}

/** Capacity 1: A holds the seat with a checkout, B then C wait; A's session expires at Stripe. */
async function seatOfferedToFirst() {
  const event = await seeded({ capac: 1 });
  const [a, b, c] = [email('holder'), email('first'), email('second')];
  await register(a, event);
  const held = await checkout(a, event);
  expect(held.status).toBe(200);
  for (const who of [b, c]) expect((await register(who, event)).body.registrationStatus).toBe('waitlist');
  stack.local.expireSession(held.body.sessionId);
  await stack.local.whenIdle();
  const offer = (await snapshotOf(b, event)).context.offer;
  if (!offer) throw new Error('the released seat was not offered to the oldest waitlisted');
  return { event, a, b, c, offer };
}

describe('waitlist offers on DynamoDB Local and the local Stripe server', () => {
  test('an expired hold’s seat is offered to the oldest waitlisted; the offer link’s checkout, paid, registers them', async () => {
    // Prepare
    const { event, b, c, offer } = await seatOfferedToFirst();
    expect((await snapshotOf(b, event)).value).toBe('incomplete');
    expect(await seats(event)).toBe(1);
    // Act
    const link = await follow(b, event, offer.id);
    const opened = (await snapshotOf(b, event)).context.checkout;
    if (opened === null) throw new Error('the offer link opened no checkout');
    const sessionId = opened.id;
    await stack.pay(sessionId);
    // Assess
    expect(link.status).toBe(303);
    expect(link.location).toBe(opened.url);
    expect(link.location).toContain(sessionId);
    const paid = await snapshotOf(b, event);
    expect(paid.value).toBe('registered');
    expect(paid.context).toMatchObject({ seat: 'used', offer: null, payment: { sessionId } });
    expect((await snapshotOf(c, event)).value).toBe('waitlist');
    expect(await seats(event)).toBe(1);
    // The link again: the place is paid.
    expect(await follow(b, event, offer.id)).toMatchObject({ status: 409, code: 'already_paid' });
  });

  test('a newcomer cannot take the offered seat', async () => {
    const { event } = await seatOfferedToFirst();
    const newcomer = email('newcomer');
    expect((await register(newcomer, event)).body.registrationStatus).toBe('waitlist');
    const pays = await checkout(newcomer, event);
    expect(pays.status).toBe(409);
    expect(pays.body.error.code).toBe('event_full');
    expect(await seats(event)).toBe(1);
  });

  test('an offer that lapses (its checkout expired at Stripe first) passes the seat to the next in line', async () => {
    // Prepare: B opens the offer's checkout and never pays; the deadline passes.
    const { event, b, c, offer } = await seatOfferedToFirst();
    expect((await follow(b, event, offer.id)).status).toBe(303);
    const bSession = (await snapshotOf(b, event)).context.checkout?.id as string;
    stack.clock.advance(25 * HOUR);
    // Act
    const lapsed = await lapseExpiredOffers(
      jobContext(),
      await stack.deps.registrations.listEventRegistrations(event.id, event.year),
    );
    await stack.local.whenIdle();
    // Assess
    expect(lapsed).toBe(1);
    expect(stack.local.getSession(bSession)?.status).toBe('expired');
    expect((await snapshotOf(b, event)).context).toMatchObject({ seat: 'none', offerLapsed: true });
    const next = await snapshotOf(c, event);
    expect(next.value).toBe('incomplete');
    expect(next.context.seat).toBe('held');
    expect(await follow(b, event, offer.id)).toMatchObject({ status: 410, code: 'offer_lapsed' });
    expect(await seats(event)).toBe(1);
  });
});
