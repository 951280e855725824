import { expect, test } from 'vitest';
import { stepRegistration } from '../src/registration/step.ts';

test('paid registration: register, open checkout, pay', () => {
  const now = 1_000_000;
  const r1 = stepRegistration(
    undefined,
    {
      type: 'REGISTER',
      email: 'A@ubc.ca',
      eventID: 'bp',
      year: 2026,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    },
    { now },
  );
  expect(r1.snapshot.value).toBe('incomplete');
  const r2 = stepRegistration(
    r1.snapshot,
    {
      type: 'OPEN_CHECKOUT',
      seatAvailable: true,
      session: { id: 'cs_1', url: 'u', expiresAt: now + 1800_000, amount: 1999, currency: 'cad' },
    },
    { now },
  );
  expect(r2.effects).toEqual([{ type: 'seat.hold' }]);
  const r3 = stepRegistration(
    r2.snapshot,
    {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: 'evt_1',
      payment: {
        sessionId: 'cs_1',
        paymentStatus: 'paid',
        amountSubtotal: 1999,
        amountTotal: 1000,
        amountDiscount: 999,
        currency: 'cad',
        paymentIntent: 'pi_1',
      },
    },
    { now },
  );
  expect(r3.snapshot.value).toBe('registered');
  expect(r3.effects.map((e) => e.type)).toEqual(['registration.fulfilled']);
  expect(r3.snapshot.version).toBe(3);
  const r4 = stepRegistration(
    r3.snapshot,
    {
      type: 'PAYMENT_SUCCEEDED',
      payment: {
        sessionId: 'cs_1',
        paymentStatus: 'paid',
        amountSubtotal: 1999,
        amountTotal: 1000,
        amountDiscount: 999,
        currency: 'cad',
        paymentIntent: 'pi_1',
      },
    },
    { now },
  );
  expect(r4.outcome).toBe('duplicate');
});
