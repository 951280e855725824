import { fc, test as propTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { paid } from '../src/conformance/fixtures.ts';
import { statusesOf } from '../src/registration/legacy.ts';
import { reconcileRegistration } from '../src/registration/reconcile.ts';
import { type RegistrationSnapshot, stepRegistration } from '../src/registration/step.ts';
import type { RegistrationEffect, RegistrationEvent } from '../src/registration/types.ts';
import { offerEventArbs, registerArb, registrationEventArb, runArb } from './support/arbitraries.ts';
import { replay } from './support/replay.ts';
import { registrationScenario } from './support/scenario.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/** A registration waitlisted because the event was full. */
function waitlisted(options: { price?: number; app?: boolean } = {}) {
  const r = registrationScenario(options);
  r.register(false);
  if (options.app) r.send({ type: 'DECIDE', decision: 'waitlist' });
  expect(r.state).toBe('waitlist');
  return r;
}
const offer = (r: { now: number }, offerId = 'offer_1', seatAvailable = true): RegistrationEvent => ({
  type: 'OFFER_SEAT',
  offerId,
  expiresAt: r.now + DAY,
  seatAvailable,
});

describe('waitlist offers', () => {
  test('a paid event: the oldest waitlisted becomes incomplete with the seat held, the offer recorded and announced', () => {
    // Prepare
    const r = waitlisted();
    // Act
    const result = r.send(offer(r));
    // Assess
    expect(result.outcome).toBe('applied');
    expect(r.state).toBe('incomplete');
    expect(statusesOf(r.snapshot).registrationStatus).toBe('incomplete');
    expect(r.snapshot.context.seat).toBe('held');
    expect(r.snapshot.context.offer).toEqual({ id: 'offer_1', expiresAt: r.now + DAY });
    expect(result.effects).toEqual([
      { type: 'seat.hold' },
      { type: 'registration.offered', offerId: 'offer_1', expiresAt: r.now + DAY, priceCents: 1999 },
    ]);
  });

  test('a free event: registered at once, the seat taken and the place fulfilled', () => {
    const r = waitlisted({ price: 0 });
    const result = r.send(offer(r));
    expect(r.state).toBe('registered');
    expect(r.snapshot.context.seat).toBe('used');
    expect(r.snapshot.context.offer).toBeUndefined();
    expect(result.effects).toEqual([
      { type: 'seat.take', enforceCapacity: true },
      {
        type: 'registration.fulfilled',
        status: 'registered',
        sessionId: null,
        amountTotal: 0,
        amountDiscount: 0,
      },
    ]);
  });

  test('no seat (the store’s hold failed), a deadline already past, an application: nothing changes', () => {
    const full = waitlisted();
    expect(full.send(offer(full, 'offer_1', false))).toMatchObject({
      outcome: 'rejected',
      reason: 'event_full',
    });
    const late = waitlisted();
    const past = late.send({ type: 'OFFER_SEAT', offerId: 'o', expiresAt: late.now, seatAvailable: true });
    expect(past).toMatchObject({ outcome: 'rejected', reason: 'offer_expired', effects: [] });
    const app = waitlisted({ app: true });
    expect(app.send(offer(app))).toMatchObject({
      outcome: 'rejected',
      reason: 'application_based',
      effects: [],
    });
    for (const r of [full, late, app]) expect(r.state).toBe('waitlist');
  });

  test('a second offer while one is open is ignored: no seat is offered twice', () => {
    const r = waitlisted();
    r.send(offer(r, 'offer_1'));
    const again = r.send(offer(r, 'offer_2'));
    expect(again).toMatchObject({ outcome: 'ignored', reason: 'offer_open', effects: [] });
    expect(r.snapshot.context.offer?.id).toBe('offer_1');
  });

  test('paying within the offer: a checkout uses the held seat, the payment registers and closes the offer', () => {
    const r = waitlisted();
    r.send(offer(r));
    expect(r.open('cs_1').effects).toEqual([]);
    const result = r.pay('cs_1');
    expect(r.state).toBe('registered');
    expect(result.effects.map((e) => e.type)).toEqual(['registration.fulfilled']);
    expect(r.snapshot.context).toMatchObject({ seat: 'used', offer: null });
  });

  test('the offer’s checkout expiring keeps the seat held for the rest of the offer', () => {
    const r = waitlisted();
    r.send(offer(r));
    r.open('cs_1');
    const expired = r.send({ type: 'CHECKOUT_EXPIRED', sessionId: 'cs_1' });
    expect(expired.effects).toEqual([]);
    expect(r.snapshot.context).toMatchObject({ seat: 'held', checkout: null, offer: { id: 'offer_1' } });
    // A new checkout may still be opened for it.
    expect(r.open('cs_2').outcome).toBe('applied');
  });

  test('the offer lapses: back to the waitlist, the seat and the checkout released, never offered again', () => {
    const r = waitlisted();
    r.send(offer(r));
    r.open('cs_1');
    const lapsed = r.send({ type: 'OFFER_LAPSED', offerId: 'offer_1' });
    expect(r.state).toBe('waitlist');
    expect(lapsed.effects).toEqual([
      { type: 'checkout.expire', sessionId: 'cs_1' },
      { type: 'seat.release' },
    ]);
    expect(r.snapshot.context).toMatchObject({
      seat: 'none',
      checkout: null,
      offer: null,
      offerLapsed: true,
    });
    expect(r.send(offer(r, 'offer_2'))).toMatchObject({ outcome: 'rejected', reason: 'offer_lapsed' });
  });

  test('a stale lapse (another offer id, or after payment) changes nothing', () => {
    const r = waitlisted();
    r.send(offer(r));
    const before = r.snapshot;
    expect(r.send({ type: 'OFFER_LAPSED', offerId: 'offer_0' })).toMatchObject({
      outcome: 'ignored',
      reason: 'stale_offer',
      effects: [],
    });
    expect(r.snapshot).toBe(before);
    r.open('cs_1');
    r.pay('cs_1');
    expect(r.send({ type: 'OFFER_LAPSED', offerId: 'offer_1' }).reason).toBe('stale_offer');
    expect(r.state).toBe('registered');
  });

  test('after the deadline (before the lapse is processed) no checkout is opened for the offer', () => {
    const r = waitlisted();
    r.send({ type: 'OFFER_SEAT', offerId: 'offer_1', expiresAt: r.now + 60 * MIN, seatAvailable: true });
    r.advance(61 * MIN);
    const opened = r.open('cs_late');
    expect(opened).toMatchObject({ outcome: 'rejected', reason: 'offer_lapsed' });
    expect(opened.effects).toEqual([{ type: 'checkout.expire', sessionId: 'cs_late' }]);
    expect(r.snapshot.context.checkout).toBeNull();
  });

  test('cancelling an offered registration releases the seat and ends the offer', () => {
    const r = waitlisted();
    r.send(offer(r));
    expect(r.send({ type: 'CANCEL' }).effects).toEqual([{ type: 'seat.release' }]);
    expect(r.snapshot.context).toMatchObject({ seat: 'none', offer: null });
  });

  test('another service moving an offered registration out of incomplete ends the offer', () => {
    const r = waitlisted();
    r.send(offer(r));
    const moved = reconcileRegistration(r.snapshot, { registrationStatus: 'waitlist' });
    expect(moved.context).toMatchObject({ seat: 'none', offer: null });
  });
});

describe('honouring a late payment', () => {
  const late = paid('cs_late', 1999, { paymentIntent: 'pi_late' });

  test('a cancelled registration: registered with the payment, a seat taken without the capacity condition, overbooked', () => {
    // Prepare: paid after the place was given up, reported for refund.
    const r = registrationScenario();
    r.register();
    r.open('cs_late');
    r.send({ type: 'CANCEL' });
    const reported = r.send({ type: 'PAYMENT_SUCCEEDED', payment: late });
    expect(reported.effects.map((e) => e.type)).toEqual(['payment.refund_needed']);
    // Act
    const honoured = r.send({ type: 'HONOUR_PAYMENT', payment: late });
    // Assess
    expect(honoured).toMatchObject({ outcome: 'applied', reason: 'honoured' });
    expect(r.state).toBe('registered');
    expect(honoured.effects).toEqual([
      { type: 'seat.take', enforceCapacity: false },
      {
        type: 'registration.fulfilled',
        status: 'registered',
        sessionId: 'cs_late',
        amountTotal: 1999,
        amountDiscount: 0,
      },
    ]);
    expect(r.snapshot.context).toMatchObject({
      seat: 'used',
      overbooked: true,
      payment: { sessionId: 'cs_late' },
    });
    // Redeliveries of that payment, and a second honour, change nothing.
    expect(r.send({ type: 'PAYMENT_SUCCEEDED', payment: late }).outcome).toBe('duplicate');
    expect(r.send({ type: 'HONOUR_PAYMENT', payment: late }).outcome).toBe('duplicate');
  });

  test('a waitlisted application is completed by it', () => {
    const r = waitlisted({ app: true });
    r.send({ type: 'HONOUR_PAYMENT', payment: late });
    expect(r.state).toBe('acceptedComplete');
    expect(statusesOf(r.snapshot)).toEqual({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
    });
  });

  test('an offered registration uses its held seat (no overbooking) and its checkout is expired', () => {
    const r = waitlisted();
    r.send(offer(r));
    r.open('cs_1');
    const honoured = r.send({ type: 'HONOUR_PAYMENT', payment: late });
    expect(r.state).toBe('registered');
    expect(honoured.effects.map((e) => e.type)).toEqual(['checkout.expire', 'registration.fulfilled']);
    expect(r.snapshot.context.overbooked).toBeUndefined();
    expect(r.snapshot.context.offer).toBeNull();
  });

  test('refused: a registration already paid, a free event, an unsettled payment, a confirmed place', () => {
    const paidAlready = registrationScenario();
    paidAlready.register();
    paidAlready.open('cs_1');
    paidAlready.pay('cs_1');
    paidAlready.send({ type: 'CANCEL' });
    expect(paidAlready.send({ type: 'HONOUR_PAYMENT', payment: late }).reason).toBe('payment_recorded');
    const free = waitlisted({ price: 0 });
    expect(free.send({ type: 'HONOUR_PAYMENT', payment: late }).reason).toBe('free_event');
    const unsettled = waitlisted();
    const pending = paid('cs_late', 1999, { paymentStatus: 'unpaid' });
    expect(unsettled.send({ type: 'HONOUR_PAYMENT', payment: pending }).reason).toBe(
      'awaiting_async_payment',
    );
    const placed = registrationScenario();
    placed.register();
    placed.open('cs_1');
    placed.pay('cs_1');
    expect(placed.send({ type: 'HONOUR_PAYMENT', payment: late }).reason).toBe('not_honourable');
  });
});

// --- properties over random runs with duplicates and reordering, offers weighted in.
const offerHeavyArb: fc.Arbitrary<RegistrationEvent> = fc.oneof(
  { weight: 2, arbitrary: registrationEventArb },
  ...offerEventArbs.map((arbitrary) => ({ weight: 1, arbitrary })),
);
// Registrations that start on the waitlist more often than not: offers only concern those.
const startArb = fc.oneof(
  { weight: 3, arbitrary: registerArb.map((r) => ({ ...r, seatAvailable: false })) },
  { weight: 1, arbitrary: registerArb },
);
const runs = fc.tuple(startArb, runArb(offerHeavyArb, 30));
const run = (first: RegistrationEvent, steps: Parameters<typeof replay>[2]) =>
  replay<RegistrationSnapshot, RegistrationEvent, RegistrationEffect>(
    stepRegistration,
    first,
    steps as Parameters<typeof replay<RegistrationSnapshot, RegistrationEvent, RegistrationEffect>>[2],
  );
const offered = (effects: RegistrationEffect[]) => effects.filter((e) => e.type === 'registration.offered');

propTest.prop([runs], { numRuns: NUM_RUNS })(
  'O1 no seat is offered twice: at most one offer per registration, at most one open offer, never more than one seat',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    let seats = 0;
    let offers = 0;
    for (const { result } of trace) {
      offers += offered(result.effects).length;
      for (const e of result.effects) {
        if (e.type === 'seat.hold' || e.type === 'seat.take') seats += 1;
        if (e.type === 'seat.release') seats -= 1;
      }
      expect(seats).toBeGreaterThanOrEqual(0);
      expect(seats).toBeLessThanOrEqual(1);
      expect(offers).toBeLessThanOrEqual(1);
      const open = result.snapshot.context.offer ?? null;
      if (open !== null) {
        expect(result.snapshot.value).toBe('incomplete');
        expect(result.snapshot.context.seat).toBe('held');
      }
    }
  },
);

propTest.prop([runs], { numRuns: NUM_RUNS })(
  'O2 a lapsed offer frees the seat: back on the waitlist with no seat, no offer and offerLapsed',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { before, event, result } of trace) {
      if (event.type !== 'OFFER_LAPSED' || result.snapshot === before || result.outcome === 'duplicate')
        continue;
      expect(before?.context.offer?.id).toBe(event.offerId);
      expect(result.snapshot.value).toBe('waitlist');
      expect(result.snapshot.context).toMatchObject({ seat: 'none', offer: null, offerLapsed: true });
      expect(result.effects).toContainEqual({ type: 'seat.release' });
    }
  },
);

propTest.prop([runs], { numRuns: NUM_RUNS })(
  'O3 OFFER_LAPSED with a stale offer id (not the open offer’s) changes nothing and asks for nothing',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { before, event, result } of trace) {
      if (event.type !== 'OFFER_LAPSED' || before === undefined) continue;
      if ((before.context.offer ?? null)?.id === event.offerId) continue;
      expect(result.snapshot).toBe(before);
      expect(result.effects).toEqual([]);
    }
  },
);

propTest.prop([runs], { numRuns: NUM_RUNS })(
  'O4 application-based registrations are never offered a seat',
  ([first, steps]) => {
    const { trace } = run({ ...first, isApplicationBased: true }, steps);
    for (const { before, event, result } of trace) {
      expect(offered(result.effects)).toEqual([]);
      expect(result.snapshot.context.offer ?? null).toBeNull();
      if (event.type === 'OFFER_SEAT') expect(result.snapshot).toBe(before);
    }
  },
);
