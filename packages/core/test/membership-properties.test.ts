import { test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { isLive, isSettled } from '../src/checkout/session-guards.ts';
import { type MembershipSnapshot, stepMembership } from '../src/membership/step.ts';
import type { MembershipEffect, MembershipEvent } from '../src/membership/types.ts';
import { membershipEventArb, runArb } from './support/arbitraries.ts';
import { replay } from './support/replay.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const runs = runArb(membershipEventArb, 30);
const run = (steps: Parameters<typeof replay<MembershipSnapshot, MembershipEvent, MembershipEffect>>[2]) =>
  replay(stepMembership, undefined, steps);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P1 no membership activates through payment without a matching successful payment of its own session',
  (steps) => {
    const { trace } = run(steps);
    for (const { before, event, result } of trace) {
      const activated = result.snapshot.value === 'active' && before?.value !== 'active';
      if (!activated) continue;
      if (event.type === 'ADMIN_GRANT') continue;
      expect(event.type).toBe('PAYMENT_SUCCEEDED');
      if (event.type !== 'PAYMENT_SUCCEEDED') continue;
      const own = before?.context.sessions.find((s) => s.id === event.payment.sessionId);
      expect(own).toBeDefined();
      expect(event.payment.currency.toLowerCase()).toBe(own?.currency);
      expect(event.payment.amountSubtotal).toBe(own?.amount);
      expect(isSettled(event.payment)).toBe(true);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P2 applying any membership event twice gives the same snapshot and effects as applying it once',
  (steps) => {
    const { trace } = run(steps);
    for (const { event, env, result } of trace) {
      const again = stepMembership(result.snapshot, event, env);
      expect(again.snapshot).toEqual(result.snapshot);
      expect(again.effects).toEqual([]);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P3 once paid, the membership payment never changes and only a refund ends the membership',
  (steps) => {
    const { trace } = run(steps);
    for (const { before, event, result } of trace) {
      if (!before?.context.payment) continue;
      expect(result.snapshot.context.payment).toEqual(before.context.payment);
      if (result.snapshot.value !== before.value) expect(event.type).toBe('CHARGE_REFUNDED');
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P5 at most one activation effect per membership, and it carries user, member and profile together',
  (steps) => {
    const { trace } = run(steps);
    const activations = trace
      .flatMap((t) => t.result.effects)
      .filter((e) => e.type === 'membership.activate');
    expect(activations.length).toBeLessThanOrEqual(1);
    for (const a of activations) {
      if (a.type !== 'membership.activate') continue;
      expect(a.records.member.profileID).toBe(a.records.profile.profileID);
      expect(a.records.profile.compositeID).toBe(`PROFILE#${a.records.profile.profileID}`);
      expect(a.records.user.isMember).toBe(true);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P7 membership snapshots survive a JSON round trip and version rises by exactly one on every change',
  (steps) => {
    const { trace } = run(steps);
    for (const { before, event, env, result } of trace) {
      expect(JSON.parse(JSON.stringify(result.snapshot))).toEqual(result.snapshot);
      const changed =
        result.snapshot !== (before ?? result.snapshot) && result.snapshot.version !== (before?.version ?? 0);
      if (changed) expect(result.snapshot.version).toBe((before?.version ?? 0) + 1);
      if (before) expect(stepMembership(JSON.parse(JSON.stringify(before)), event, env)).toEqual(result);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'the identity is requested at most once and only for UserMember, never while a checkout is live',
  (steps) => {
    const { trace } = run(steps);
    const identity = trace.filter((t) => t.result.effects.some((e) => e.type === 'identity.create'));
    expect(identity.length).toBeLessThanOrEqual(1);
    for (const t of identity) {
      expect(t.event.type).toBe('BEGIN');
      expect(t.event.type === 'BEGIN' && t.event.paymentType).toBe('UserMember');
      expect(isLive(t.before?.context.checkout ?? null, t.env.now)).toBe(false);
    }
  },
);
