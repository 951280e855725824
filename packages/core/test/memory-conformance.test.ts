import { describe, expect, test } from 'vitest';
import { manualClock, paid, runStoreConformance, scriptedIds } from '../src/conformance/index.ts';
import { applyMembershipEvent } from '../src/membership/apply.ts';
import { createMemoryStores } from '../src/memory/memory-stores.ts';
import { applyRegistrationEvent } from '../src/registration/apply.ts';

runStoreConformance('memory', () => createMemoryStores());

describe('runners never create a record from a Stripe event', () => {
  test('a payment for an unknown registration is ignored and writes nothing', async () => {
    const stores = createMemoryStores();
    const deps = { ...stores, clock: manualClock(), ids: scriptedIds() };
    const payment = paid('cs_nobody', 1999);
    const r = await applyRegistrationEvent(
      deps,
      { email: 'x@ubc.ca', eventID: 'blueprint', year: 2026 },
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: 'evt_x', payment },
    );
    expect([r.outcome, r.reason, r.committed]).toEqual(['ignored', 'no_registration', false]);
    expect(stores.inspect().registrations).toEqual([]);
    expect(stores.inspect().audit).toEqual([]);
  });

  test('a payment for a membership nobody started is reported once (unowned_payment) and makes no user, member or profile', async () => {
    const stores = createMemoryStores();
    const deps = { ...stores, clock: manualClock(), ids: scriptedIds() };
    const key = { email: 'x@ubc.ca', membershipYear: 2026 };
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_y',
      payment: paid('cs_nobody', 1500),
    };
    const refund = await applyMembershipEvent(deps, key, {
      type: 'CHARGE_REFUNDED',
      stripeEventId: 'evt_r',
      paymentIntent: 'pi_cs_nobody',
      amountRefunded: 1500,
      amountCaptured: 1500,
    });
    const m = await applyMembershipEvent(deps, key, delivery);
    const again = await applyMembershipEvent(deps, key, { ...delivery, stripeEventId: 'evt_y2' });

    // The refund came first: it is kept for its payment (the refund policy holds in any order).
    expect([refund.outcome, refund.snapshot.value, refund.committed]).toEqual(['applied', 'none', true]);
    expect([m.outcome, m.reason, m.snapshot.value]).toEqual(['ignored', 'unowned_payment', 'none']);
    expect(
      (
        await applyMembershipEvent(deps, key, {
          type: 'CHECKOUT_EXPIRED',
          stripeEventId: 'evt_e',
          sessionId: 'cs_nobody',
        })
      ).reason,
    ).toBe('not_current_session');
    expect(m.effects).toEqual([
      {
        type: 'payment.refund_needed',
        sessionId: 'cs_nobody',
        paymentIntent: 'pi_cs_nobody',
        amount: 1500,
        reason: 'unowned_payment',
      },
    ]);
    expect([again.outcome, again.effects]).toEqual(['duplicate', []]);
    const { users, members, profiles } = stores.inspect();
    expect([users, members, profiles]).toEqual([[], [], []]);
  });
});
