import { describe, expect, test } from 'vitest';
import { statusesOf } from '../src/registration/legacy.ts';
import {
  hasPlace,
  isCheckedIn,
  isConfirmed,
  isWaitlisted,
  liveCheckoutUrl,
  needsConfirmation,
  needsPayment,
} from '../src/registration/selectors.ts';
import { registrationScenario } from './support/scenario.ts';

const MIN = 60_000;

describe('free events', () => {
  test('register → registered, taking a seat and fulfilling once', () => {
    const r = registrationScenario({ price: 0 });
    const result = r.register();
    expect(r.state).toBe('registered');
    expect(result.effects.map((e) => e.type)).toEqual(['seat.take', 'registration.fulfilled']);
    expect(statusesOf(r.snapshot)).toEqual({ registrationStatus: 'registered', applicationStatus: '' });
  });

  test('register when full → waitlist, then promotion with a free seat → registered', () => {
    const r = registrationScenario({ price: 0 });
    r.register(false);
    expect(isWaitlisted(r.snapshot)).toBe(true);
    expect(r.send({ type: 'PROMOTE', seatAvailable: false }).reason).toBe('event_full');
    r.send({ type: 'PROMOTE', seatAvailable: true });
    expect(r.state).toBe('registered');
  });
});

describe('paid events', () => {
  test('register → incomplete; checkout opens and holds a seat; payment → registered', () => {
    const r = registrationScenario();
    r.register();
    expect(r.state).toBe('incomplete');
    expect(needsPayment(r.snapshot)).toBe(true);
    expect(r.open('cs_1').effects).toEqual([{ type: 'seat.hold' }]);
    expect(r.snapshot.context.checkout).toMatchObject({ id: 'cs_1', amount: 1999, currency: 'cad' });
    expect(liveCheckoutUrl(r.snapshot, r.now)).toBe('https://checkout.local/cs_1');
    const paid = r.pay('cs_1', {}, 'evt_1');
    expect(paid.outcome).toBe('applied');
    expect(r.state).toBe('registered');
    expect(paid.effects).toEqual([
      {
        type: 'registration.fulfilled',
        status: 'registered',
        sessionId: 'cs_1',
        amountTotal: 1999,
        amountDiscount: 0,
      },
    ]);
    expect(r.snapshot.context.seat).toBe('used');
    expect(liveCheckoutUrl(r.snapshot, r.now)).toBeUndefined();
  });

  test('a promotion code lowers amount_total; the discount is recorded', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.pay('cs_1', { amountTotal: 1000, amountDiscount: 999 });
    expect(r.snapshot.context.payment).toMatchObject({
      amountSubtotal: 1999,
      amountTotal: 1000,
      amountDiscount: 999,
    });
  });

  test('no seat at registration → waitlist, and no checkout while there is no seat', () => {
    const r = registrationScenario();
    r.register(false);
    expect(r.state).toBe('waitlist');
    const refused = r.open('cs_1', false);
    expect(refused.reason).toBe('event_full');
    expect(refused.effects).toEqual([{ type: 'checkout.expire', sessionId: 'cs_1' }]);
    expect(r.snapshot.context.checkout).toBeNull();
  });

  test('waitlisted, then a seat is free: the registration checks out, holding the seat, and pays', () => {
    const r = registrationScenario();
    r.register(false);
    const opened = r.open('cs_1', true);
    expect(r.state).toBe('incomplete');
    expect(opened.effects).toEqual([{ type: 'seat.hold' }]);
    r.pay('cs_1');
    expect(r.state).toBe('registered');
  });

  test('a waitlisted application never checks out by itself: it leaves the waitlist by decision', () => {
    const r = registrationScenario({ app: true });
    r.register();
    r.send({ type: 'DECIDE', decision: 'waitlist' });
    expect(r.open('cs_1', true).reason).toBe('use_decide');
    expect(r.state).toBe('waitlist');
  });

  test('no seat when the checkout would open → waitlist, and the new session is expired', () => {
    const r = registrationScenario();
    r.register();
    const opened = r.open('cs_1', false);
    expect(r.state).toBe('waitlist');
    expect(opened.effects).toEqual([{ type: 'checkout.expire', sessionId: 'cs_1' }]);
    expect(liveCheckoutUrl(r.snapshot, r.now)).toBeUndefined();
  });

  test('full before a session is created → SEAT_UNAVAILABLE waitlists; a held seat is kept', () => {
    const full = registrationScenario();
    full.register();
    full.send({ type: 'SEAT_UNAVAILABLE' });
    expect(full.state).toBe('waitlist');
    const holding = registrationScenario();
    holding.register();
    holding.open('cs_1');
    expect(holding.send({ type: 'SEAT_UNAVAILABLE' }).reason).toBe('seat_held');
    expect(holding.state).toBe('incomplete');
  });
});

describe('checkout expiry', () => {
  test('expiry leaves the registration incomplete, with no live checkout and the seat released', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const expired = r.send({ type: 'CHECKOUT_EXPIRED', stripeEventId: 'evt_x', sessionId: 'cs_1' });
    expect(expired.effects).toEqual([{ type: 'seat.release' }]);
    expect(r.state).toBe('incomplete');
    expect(liveCheckoutUrl(r.snapshot, r.now)).toBeUndefined();
  });

  test('asking to pay again opens a new checkout; a live one is reused and a second is expired', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const second = r.open('cs_2');
    expect(second.reason).toBe('checkout_live');
    expect(second.effects).toEqual([{ type: 'checkout.expire', sessionId: 'cs_2' }]);
    expect(liveCheckoutUrl(r.snapshot, r.now)).toContain('cs_1');
    r.send({ type: 'CHECKOUT_EXPIRED', sessionId: 'cs_1' });
    r.open('cs_3');
    expect(liveCheckoutUrl(r.snapshot, r.now)).toContain('cs_3');
    expect(r.snapshot.context.attempts).toBe(3); // cs_1, the refused cs_2, cs_3
  });

  test('an expired URL is never handed out, even before the expiry webhook arrives', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const expiresAt = r.snapshot.context.checkout!.expiresAt;
    expect(liveCheckoutUrl(r.snapshot, expiresAt - 1)).toBeDefined();
    expect(liveCheckoutUrl(r.snapshot, expiresAt)).toBeUndefined();
    r.advance(40 * MIN);
    const reopened = r.open('cs_2');
    expect(reopened.effects).toEqual([]); // the seat is still held: no second hold
    expect(liveCheckoutUrl(r.snapshot, r.now)).toContain('cs_2');
  });

  test('a session that is already expired when it arrives is refused', () => {
    const r = registrationScenario();
    r.register();
    const late = r.send({
      type: 'OPEN_CHECKOUT',
      seatAvailable: true,
      session: { id: 'cs_old', url: 'u', expiresAt: r.now, amount: 1999, currency: 'cad' },
    });
    expect(late.reason).toBe('session_expired');
  });
});

describe('async payment methods', () => {
  test('completed but unpaid changes nothing; async success completes; async failure returns to needing payment', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const before = r.snapshot;
    expect(r.send({ type: 'PAYMENT_PENDING', sessionId: 'cs_1', stripeEventId: 'evt_p' }).outcome).toBe(
      'ignored',
    );
    expect(r.pay('cs_1', { paymentStatus: 'unpaid' }).outcome).toBe('ignored');
    expect(r.snapshot).toBe(before);
    r.pay('cs_1', {}, 'evt_async_ok');
    expect(r.state).toBe('registered');

    const f = registrationScenario();
    f.register();
    f.open('cs_1');
    const failed = f.send({ type: 'PAYMENT_FAILED', sessionId: 'cs_1', stripeEventId: 'evt_async_fail' });
    expect(failed.effects).toEqual([{ type: 'seat.release' }]);
    expect(f.state).toBe('incomplete');
    expect(needsPayment(f.snapshot)).toBe(true);
    expect(liveCheckoutUrl(f.snapshot, f.now)).toBeUndefined();
  });
});

describe('payments that do not match', () => {
  const cases = [
    { name: "another registration's session", id: 'cs_other', overrides: {}, reason: 'foreign_session' },
    { name: 'another currency', id: 'cs_1', overrides: { currency: 'usd' }, reason: 'currency' },
    {
      name: 'another subtotal',
      id: 'cs_1',
      overrides: { amountSubtotal: 100, amountTotal: 100 },
      reason: 'amount',
    },
  ] as const;
  for (const c of cases) {
    test(`${c.name}: nothing changes, a mismatch is reported once`, () => {
      const r = registrationScenario();
      r.register();
      r.open('cs_1');
      const result = r.pay(c.id, c.overrides, 'evt_bad');
      expect(result.outcome).toBe('rejected');
      expect(r.state).toBe('incomplete');
      expect(result.effects).toMatchObject([{ type: 'payment.mismatch', reason: c.reason }]);
      expect(r.pay(c.id, c.overrides, 'evt_bad').outcome).toBe('duplicate');
    });
  }

  test('a second payment on a paid registration asks for a refund and changes nothing', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.send({
      type: 'OPEN_CHECKOUT',
      seatAvailable: true,
      session: { id: 'cs_2', url: 'u2', expiresAt: r.now + 31 * MIN, amount: 1999, currency: 'cad' },
    });
    r.pay('cs_1', {}, 'evt_1');
    const before = r.snapshot.value;
    const second = r.pay('cs_2', {}, 'evt_2');
    expect(second.effects).toMatchObject([
      { type: 'payment.refund_needed', sessionId: 'cs_2', reason: 'second_payment' },
    ]);
    expect(r.snapshot.value).toBe(before);
    expect(r.snapshot.context.payment?.sessionId).toBe('cs_1');
  });

  test('the webhook and the success page reporting the same session count once', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.pay('cs_1', {}, 'evt_1');
    expect(r.pay('cs_1').outcome).toBe('duplicate');
    expect(r.effects.filter((e) => e.type === 'registration.fulfilled')).toHaveLength(1);
  });
});

describe('refunds, check-in and cancel', () => {
  const paidRegistration = () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.pay('cs_1', {}, 'evt_1');
    return r;
  };
  test('a full refund cancels, records the refund and releases the seat', () => {
    const r = paidRegistration();
    const result = r.send({
      type: 'CHARGE_REFUNDED',
      stripeEventId: 'evt_r',
      paymentIntent: 'pi_cs_1',
      amountRefunded: 1999,
      amountCaptured: 1999,
    });
    expect(r.state).toBe('cancelled');
    expect(r.snapshot.context.refund).toEqual({ amountRefunded: 1999, full: true });
    expect(result.effects).toEqual([
      { type: 'payment.refunded', amountRefunded: 1999, full: true },
      { type: 'seat.release' },
    ]);
  });
  test('a partial refund is recorded without changing the status', () => {
    const r = paidRegistration();
    r.send({
      type: 'CHARGE_REFUNDED',
      stripeEventId: 'evt_r',
      paymentIntent: 'pi_cs_1',
      amountRefunded: 500,
      amountCaptured: 1999,
    });
    expect(r.state).toBe('registered');
    expect(r.snapshot.context.refund).toEqual({ amountRefunded: 500, full: false });
  });
  test('a refund of another payment leaves the place alone and is kept for that payment (a second tab)', () => {
    const r = paidRegistration();
    const result = r.send({
      type: 'CHARGE_REFUNDED',
      paymentIntent: 'pi_other',
      amountRefunded: 1999,
      amountCaptured: 1999,
    });
    expect(r.state).toBe('registered');
    expect(r.snapshot.context.refund).toBeNull();
    expect(result.effects).toEqual([]);
    expect(r.snapshot.context.earlyRefunds).toEqual([
      { paymentIntent: 'pi_other', amountRefunded: 1999, amountCaptured: 1999 },
    ]);
  });
  test('check-in, then cancel is refused', () => {
    const r = paidRegistration();
    r.send({ type: 'CHECK_IN' });
    expect(isCheckedIn(r.snapshot)).toBe(true);
    expect(r.send({ type: 'CANCEL' }).outcome).toBe('rejected');
  });
  test('cancelling an unpaid registration expires its checkout and releases the seat', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const cancelled = r.send({ type: 'CANCEL' });
    expect(cancelled.effects).toEqual([
      { type: 'checkout.expire', sessionId: 'cs_1' },
      { type: 'seat.release' },
    ]);
    expect(r.state).toBe('cancelled');
  });
  test('cancelling a paid registration releases its seat', () => {
    const r = paidRegistration();
    expect(r.send({ type: 'CANCEL' }).effects).toEqual([{ type: 'seat.release' }]);
  });
});

describe('application-based events', () => {
  test('paid: reviewing → accepted → checkout → payment → acceptedComplete', () => {
    const r = registrationScenario({ app: true });
    r.register();
    expect(statusesOf(r.snapshot)).toEqual({
      registrationStatus: 'incomplete',
      applicationStatus: 'reviewing',
    });
    expect(needsPayment(r.snapshot)).toBe(false);
    r.send({ type: 'DECIDE', decision: 'accepted' });
    expect(r.state).toBe('accepted');
    expect(needsPayment(r.snapshot)).toBe(true);
    r.open('cs_1');
    r.pay('cs_1', {}, 'evt_1');
    expect(r.state).toBe('acceptedComplete');
    expect(isConfirmed(r.snapshot)).toBe(true);
    expect(statusesOf(r.snapshot)).toEqual({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
    });
  });
  test('free: accepted → acceptedPending → confirm → acceptedComplete', () => {
    const r = registrationScenario({ app: true, price: 0 });
    r.register();
    expect(statusesOf(r.snapshot)).toEqual({
      registrationStatus: 'registered',
      applicationStatus: 'reviewing',
    });
    r.send({ type: 'DECIDE', decision: 'accepted' });
    expect(needsConfirmation(r.snapshot)).toBe(true);
    const confirmed = r.send({ type: 'CONFIRM', seatAvailable: true });
    expect(r.state).toBe('acceptedComplete');
    expect(confirmed.effects.map((e) => e.type)).toEqual(['seat.take', 'registration.fulfilled']);
  });
  test('an admin can reject or waitlist, and change their mind', () => {
    const r = registrationScenario({ app: true });
    r.register();
    r.send({ type: 'DECIDE', decision: 'waitlist' });
    expect(statusesOf(r.snapshot)).toEqual({ registrationStatus: 'waitlist', applicationStatus: 'waitlist' });
    expect(r.send({ type: 'DECIDE', decision: 'waitlist' }).reason).toBe('same_decision');
    r.send({ type: 'DECIDE', decision: 'rejected' });
    expect(statusesOf(r.snapshot)).toEqual({ registrationStatus: 'rejected', applicationStatus: 'rejected' });
    r.send({ type: 'DECIDE', decision: 'accepted' });
    expect(r.state).toBe('accepted');
  });
  test('a capacity waitlist is not decided by admins', () => {
    const r = registrationScenario();
    r.register(false);
    expect(r.send({ type: 'DECIDE', decision: 'accepted' }).reason).toBe('not_an_application');
  });
  test('money that lands on a waitlisted registration is honoured, not kept', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.send({
      type: 'OPEN_CHECKOUT',
      seatAvailable: true,
      session: { id: 'cs_2', url: 'u', expiresAt: r.now + 31 * 60_000, amount: 1999, currency: 'cad' },
    });
    r.send({ type: 'CHECKOUT_EXPIRED', sessionId: 'cs_1' });
    r.send({ type: 'SEAT_UNAVAILABLE' });
    expect(r.state).toBe('waitlist');
    const paid = r.pay('cs_2', {}, 'evt_late');
    expect(r.state).toBe('registered');
    expect(paid.effects.map((e) => e.type)).toEqual(['seat.take', 'registration.fulfilled']);
    expect(paid.effects[0]).toEqual({ type: 'seat.take', enforceCapacity: false });
    expect(hasPlace(r.snapshot)).toBe(true);
  });
});

describe('idempotency keys of session creates', () => {
  test('every session the registration records moves the attempt number on', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    expect(r.snapshot.context.attempts).toBe(1);
    r.open('cs_2'); // refused: cs_1 is live, but cs_2 exists at Stripe and used attempt 2
    expect(r.snapshot.context.attempts).toBe(2);
  });
});
