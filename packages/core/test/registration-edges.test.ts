import { describe, expect, test } from 'vitest';
import { paid } from '../src/conformance/fixtures.ts';
import { registrationFromLegacy } from '../src/registration/legacy.ts';
import { stepRegistration } from '../src/registration/step.ts';
import { T0 } from './support/arbitraries.ts';
import { registrationScenario } from './support/scenario.ts';

// The registration machine at the edges of the issue "Money and seats stay right at the edges":
// events out of order, prices that change, payments today's system took.

const refund = (paymentIntent: string, amountRefunded: number, amountCaptured = 1999) => ({
  type: 'CHARGE_REFUNDED' as const,
  paymentIntent,
  amountRefunded,
  amountCaptured,
});

describe('price at checkout time (case 4)', () => {
  test('a session opened at a lower price than at registration is paid at that price, and the record says so', () => {
    // Prepare: registered as a non-member (2500), a member by the time they pay (1000).
    const r = registrationScenario({ price: 2500 });
    r.register();
    // Act
    r.open('cs_member', true, 1000);
    const result = r.send({ type: 'PAYMENT_SUCCEEDED', payment: paid('cs_member', 1000) });
    // Assess
    expect(result.outcome).toBe('applied');
    expect(r.state).toBe('registered');
    expect(r.snapshot.context.priceCents).toBe(1000);
    expect(r.snapshot.context.payment?.amountSubtotal).toBe(1000);
  });

  test('each session keeps its own amount: the older session paid at its price still matches', () => {
    const r = registrationScenario({ price: 2500 });
    r.register();
    r.open('cs_old', true, 2500);
    r.send({ type: 'CHECKOUT_EXPIRED', sessionId: 'cs_old' });
    r.open('cs_new', true, 1000);
    const result = r.send({ type: 'PAYMENT_SUCCEEDED', payment: paid('cs_old', 2500) });
    expect(result.outcome).toBe('applied');
    expect(r.snapshot.context.payment?.sessionId).toBe('cs_old');
  });
});

describe('a refund that arrives before its payment (case 6)', () => {
  test('a full refund first: the payment then lands, the place is not confirmed, and the held seat goes back', () => {
    // Prepare
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    // Act: Stripe delivers charge.refunded before checkout.session.completed.
    const early = r.send(refund('pi_cs_1', 1999));
    const paidLate = r.pay('cs_1');
    // Assess
    expect(early.outcome).toBe('applied');
    expect(r.state).toBe('cancelled');
    expect(r.snapshot.context.refund).toEqual({ amountRefunded: 1999, full: true });
    expect(r.snapshot.context.payment?.sessionId).toBe('cs_1');
    expect(r.snapshot.context.seat).toBe('none');
    expect(paidLate.effects).toEqual([
      { type: 'seat.release' },
      { type: 'payment.refunded', amountRefunded: 1999, full: true },
    ]);
    expect(paidLate.effects.some((e) => e.type === 'registration.fulfilled')).toBe(false);
    expect(r.snapshot.context.earlyRefunds).toEqual([]);
  });

  test('a partial refund first: the place is confirmed and the refund recorded', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.send(refund('pi_cs_1', 500));
    const result = r.pay('cs_1');
    expect(r.state).toBe('registered');
    expect(r.snapshot.context.refund).toEqual({ amountRefunded: 500, full: false });
    expect(result.effects.map((e) => e.type)).toEqual(['registration.fulfilled', 'payment.refunded']);
  });

  test('the same early refund delivered twice is a duplicate; a larger one replaces it', () => {
    const r = registrationScenario();
    r.register();
    r.send(refund('pi_cs_1', 500));
    expect(r.send(refund('pi_cs_1', 500)).outcome).toBe('duplicate');
    r.send(refund('pi_cs_1', 1999));
    expect(r.snapshot.context.earlyRefunds).toEqual([
      { paymentIntent: 'pi_cs_1', amountRefunded: 1999, amountCaptured: 1999 },
    ]);
  });

  test('a second payment whose refund came first needs no refund report', () => {
    // Prepare: two tabs; the second session is refused (one live checkout) but remembered as ours.
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.open('cs_2');
    r.pay('cs_1');
    r.send(refund('pi_cs_2', 1999));
    const second = r.send({ type: 'PAYMENT_SUCCEEDED', payment: paid('cs_2', 1999) });
    expect(second.reason).toBe('refunded_before_payment');
    expect(second.effects).toEqual([{ type: 'payment.refunded', amountRefunded: 1999, full: true }]);
  });
});

describe("refunds of payments taken by today's system (case 7)", () => {
  const legacyRegistered = () =>
    registrationFromLegacy(
      { id: 'ada@ubc.ca', 'eventID;year': 'blueprint;2026', registrationStatus: 'registered' },
      { isApplicationBased: false, priceCents: 1999 },
    );

  test('a legacy registered place fully refunded is cancelled and its seat released', () => {
    const r = stepRegistration(legacyRegistered(), refund('pi_legacy', 1999), { now: T0 });
    expect(r.outcome).toBe('applied');
    expect(r.snapshot.value).toBe('cancelled');
    expect(r.effects).toEqual([
      { type: 'payment.refunded', amountRefunded: 1999, full: true },
      { type: 'seat.release' },
    ]);
    expect(r.snapshot.context.payment).toMatchObject({ paymentIntent: 'pi_legacy', amountTotal: 1999 });
  });

  test('a legacy place partly refunded stays, with the refund recorded; the same refund again is a duplicate', () => {
    const first = stepRegistration(legacyRegistered(), refund('pi_legacy', 500), { now: T0 });
    expect(first.snapshot.value).toBe('registered');
    expect(first.snapshot.context.refund).toEqual({ amountRefunded: 500, full: false });
    const again = stepRegistration(first.snapshot, refund('pi_legacy', 500), { now: T0 });
    expect(again.outcome).toBe('duplicate');
    const rest = stepRegistration(first.snapshot, refund('pi_legacy', 1999), { now: T0 });
    expect(rest.snapshot.value).toBe('cancelled');
  });
});

describe("a session today's system opened, paid after the switch (case 8)", () => {
  const legacyIncomplete = () =>
    registrationFromLegacy(
      { id: 'ada@ubc.ca', 'eventID;year': 'blueprint;2026', registrationStatus: 'incomplete' },
      { isApplicationBased: false, priceCents: 1999 },
    );

  test("is accepted when its amount and currency are what today's code would have charged", () => {
    const r = stepRegistration(
      legacyIncomplete(),
      { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_today', 1999), legacyListPrice: 1999 },
      { now: T0 },
    );
    expect(r.outcome).toBe('applied');
    expect(r.snapshot.value).toBe('registered');
    expect(r.effects.map((e) => e.type)).toEqual(['seat.take', 'registration.fulfilled']);
  });

  test('is a mismatch report at another amount, and without the legacy price it is a foreign session', () => {
    const other = stepRegistration(
      legacyIncomplete(),
      { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_today', 1999), legacyListPrice: 2500 },
      { now: T0 },
    );
    expect(other.effects).toMatchObject([{ type: 'payment.mismatch', reason: 'amount' }]);
    const foreign = stepRegistration(
      legacyIncomplete(),
      { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_today', 1999) },
      { now: T0 },
    );
    expect(foreign.effects).toMatchObject([{ type: 'payment.mismatch', reason: 'foreign_session' }]);
  });
});

describe('paying an older session (case 9)', () => {
  test('expires the current checkout at Stripe, so nobody can pay it too', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_old');
    r.advance(40 * 60_000);
    r.open('cs_current');
    const result = r.pay('cs_old');
    expect(r.state).toBe('registered');
    expect(result.effects[0]).toEqual({ type: 'checkout.expire', sessionId: 'cs_current' });
  });
});
