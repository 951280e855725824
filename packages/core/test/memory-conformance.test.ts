import { describe, expect, test } from 'vitest';
import { manualClock, paid, runStoreConformance, scriptedIds } from '../src/conformance/index.ts';
import { applyMembershipEvent } from '../src/membership/apply.ts';
import { createMemoryStores } from '../src/memory/memory-stores.ts';
import { applyRegistrationEvent } from '../src/registration/apply.ts';

runStoreConformance('memory', () => createMemoryStores());

describe('runners never create a record from a Stripe event', () => {
  test('a payment for an unknown registration or membership is ignored and writes nothing', async () => {
    const stores = createMemoryStores();
    const deps = { ...stores, clock: manualClock(), ids: scriptedIds() };
    const payment = paid('cs_nobody', 1999);
    const r = await applyRegistrationEvent(
      deps,
      { email: 'x@ubc.ca', eventID: 'blueprint', year: 2026 },
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: 'evt_x', payment },
    );
    const m = await applyMembershipEvent(
      deps,
      { email: 'x@ubc.ca', membershipYear: 2026 },
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: 'evt_y', payment },
    );
    expect([r.outcome, r.reason, r.committed]).toEqual(['ignored', 'no_registration', false]);
    expect([m.outcome, m.reason, m.committed]).toEqual(['ignored', 'no_membership', false]);
    expect(stores.inspect().registrations).toEqual([]);
    expect(stores.inspect().audit).toEqual([]);
  });
});
