import { fc, test as fcTest } from '@fast-check/vitest';
import { describe, expect, test } from 'vitest';
import { DEFAULT_EFFECT_POLICY, planOperations, retryDelayMs } from '../src/index.ts';
import type { RegistrationEffect } from '../src/registration/types.ts';

const subject = {
  kind: 'registration' as const,
  key: { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 },
};
const refund = (sessionId: string, reason = 'second_payment', amount = 1999): RegistrationEffect => ({
  type: 'payment.refund_needed',
  sessionId,
  paymentIntent: `pi_${sessionId}`,
  amount,
  reason,
});

describe('planOperations', () => {
  test('reports become open queue items; expiries outbox items due after the fast-path grace', () => {
    const planned = planOperations({
      subject,
      effects: [
        { type: 'checkout.expire', sessionId: 'cs_1' },
        refund('cs_2'),
        refund('cs_3', 'unowned_payment'),
        { type: 'payment.mismatch', sessionId: 'cs_4', reason: 'amount', expected: 1999, received: 1 },
      ],
      now: 1_000,
      policy: DEFAULT_EFFECT_POLICY,
    });
    expect(planned.outbox).toMatchObject([{ id: 'expire:cs_1', dueAt: 31_000, attempts: 0 }]);
    expect(planned.queue.map((i) => [i.id, i.status])).toEqual([
      ['refund_needed:cs_2', 'open'],
      ['unowned_payment:cs_3', 'open'],
      ['payment_mismatch:cs_4', 'open'],
    ]);
  });

  test('autoRefund refunds through the outbox and records the resolution; no refund for no money', () => {
    const planned = planOperations({
      subject,
      effects: [refund('cs_2'), refund('cs_free', 'second_payment', 0)],
      now: 1_000,
      policy: { autoRefund: true, emails: false },
    });
    expect(planned.outbox.map((i) => i.id)).toEqual(['refund:cs_2']);
    expect(planned.queue.map((i) => [i.id, i.status, i.resolution?.by.email])).toEqual([
      ['refund_needed:cs_2', 'resolved', 'system'],
      ['refund_needed:cs_free', 'open', undefined],
    ]);
  });

  test('emails only when the policy sends them, one per cause', () => {
    const effects: RegistrationEffect[] = [
      {
        type: 'registration.fulfilled',
        status: 'registered',
        sessionId: 'cs_1',
        amountTotal: 1999,
        amountDiscount: 0,
      },
      { type: 'registration.offered', offerId: 'o1', expiresAt: 9_000, priceCents: 1999 },
      { type: 'payment.refunded', amountRefunded: 1999, full: true },
    ];
    expect(planOperations({ subject, effects, now: 0, policy: DEFAULT_EFFECT_POLICY }).outbox).toEqual([]);
    const sent = planOperations({ subject, effects, now: 0, policy: { autoRefund: false, emails: true } });
    expect(
      sent.outbox.map((i) => i.action.type === 'email.send' && [i.action.template, i.action.to]),
    ).toEqual([
      ['registration_confirmed', 'ada@ubc.ca'],
      ['seat_offered', 'ada@ubc.ca'],
      ['refund_issued', 'ada@ubc.ca'],
    ]);
  });

  const effect = fc.oneof(
    fc
      .constantFrom('cs_a', 'cs_b', 'cs_c')
      .map((id) => ({ type: 'checkout.expire' as const, sessionId: id })),
    fc.constantFrom('cs_a', 'cs_b').map((id) => refund(id)),
  );
  fcTest.prop([fc.array(effect, { maxLength: 12 }), fc.boolean()])(
    'ids are unique and the same effects (duplicated, in any order) plan the same items',
    (effects, autoRefund) => {
      const policy = { autoRefund, emails: true };
      const a = planOperations({ subject, effects, now: 5, policy });
      const b = planOperations({ subject, effects: [...effects, ...effects].reverse(), now: 5, policy });
      const ids = (p: typeof a) => [...p.outbox.map((i) => i.id), ...p.queue.map((i) => i.id)].sort();
      expect(new Set(ids(a)).size).toBe(ids(a).length);
      expect(ids(b)).toEqual(ids(a));
    },
  );
});

test('retry delays double and are capped', () => {
  expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1_000, 5_000))).toEqual([1_000, 2_000, 4_000, 5_000]);
});
