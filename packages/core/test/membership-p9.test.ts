import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { reportsOf, runSchedule, scheduleArb } from './support/membership-world.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

/**
 * P9 for memberships, through the runner on the in-memory stores: random schedules of our own
 * commands (BEGIN, OPEN_CHECKOUT, an admin's grant), other writers (today's system writing the
 * member item, another service flipping `isMember`), clock ticks and Stripe's events (duplicated,
 * reordered, refunds before their payment, a first delivery answered 5xx), from legacy starting
 * records (a member item without `isMember`, `isMember` without a member item, both, neither).
 */
test.prop([scheduleArb], { numRuns: NUM_RUNS })(
  'P9 every paid session ends fulfilled, refunded or reported, and no Stripe event fails for good',
  async ({ world, steps }) => {
    // A Stripe event never fails for good: runSchedule retries a 5xx (as Stripe does) and throws
    // if a delivery still fails; the runner itself never answers a retryable error twice in a row.
    const outcome = await runSchedule(world, steps);
    expect(outcome.maxAttempts).toBeLessThanOrEqual(2);

    const final = outcome.final;
    const paidBy = final?.context.payment?.sessionId;
    for (const s of outcome.paidSessions) {
      const fulfilled = paidBy === s;
      const refunded = outcome.fullyRefunded.has(s);
      // The report is emitted by the very delivery that brought the payment it is about.
      const reported = outcome.deliveries.some((d) => d.session === s && reportsOf(d).length > 0);
      expect(fulfilled || refunded || reported, `session ${s}`).toBe(true);
      // Money the membership took is not also reported for a refund.
      if (fulfilled) expect(reported, `session ${s} taken and reported`).toBe(false);
      // The refund policy: the membership's own payment fully refunded ends it, whatever the order.
      if (fulfilled && refunded) expect(final?.value).toBe('refunded');
      if (fulfilled && !refunded) expect(final?.value).toBe('active');
    }
  },
  // About 10 ms a schedule on a free core; a loaded machine needs more.
  Math.max(120_000, NUM_RUNS * 60),
);
