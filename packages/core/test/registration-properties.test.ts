import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { isSettled } from '../src/checkout/session-guards.ts';
import { stateFromStatuses, statusesOf } from '../src/registration/legacy.ts';
import { liveCheckoutUrl } from '../src/registration/selectors.ts';
import { type RegistrationSnapshot, stepRegistration } from '../src/registration/step.ts';
import type { RegistrationEffect, RegistrationEvent } from '../src/registration/types.ts';
import { APPLICATION_STATUSES, REGISTRATION_STATUSES } from '../src/registration/types.ts';
import { registerArb, registrationEventArb, runArb } from './support/arbitraries.ts';
import { replay } from './support/replay.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);
const run = (
  first: RegistrationEvent,
  steps: Parameters<typeof replay<RegistrationSnapshot, RegistrationEvent, RegistrationEffect>>[2],
) => replay(stepRegistration, first, steps);
const runs = fc.tuple(registerArb, runArb(registrationEventArb));
const PLACES = ['registered', 'acceptedComplete', 'checkedIn'];

test.prop([runs], { numRuns: NUM_RUNS })(
  'P1 no paid registration reaches registered or acceptedComplete without a matching successful payment of its own session (or one an operator honoured)',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { before, event, result } of trace) {
      const s = result.snapshot;
      const paidEvent = s.context.priceCents > 0;
      // An operator's decision, not a match: the honoured payment is the record's, whatever its amount.
      const honoured = s.context.processedKeys.includes(`honour:${s.context.payment?.sessionId}`);
      if (paidEvent && PLACES.includes(s.value) && !honoured) {
        expect(s.context.payment).not.toBeNull();
        const own = s.context.sessions.find((x) => x.id === s.context.payment?.sessionId);
        expect(own).toBeDefined();
        expect(own?.currency).toBe(s.context.payment?.currency);
        expect(own?.amount).toBe(s.context.payment?.amountSubtotal);
      }
      const enteredPlace =
        (s.value === 'registered' || s.value === 'acceptedComplete') &&
        before?.value !== s.value &&
        paidEvent;
      if (enteredPlace && event.type === 'HONOUR_PAYMENT') {
        expect(before?.context.payment).toBeNull();
        expect(s.context.payment?.sessionId).toBe(event.payment.sessionId);
        expect(isSettled(event.payment)).toBe(true);
        continue;
      }
      if (enteredPlace) {
        expect(event.type).toBe('PAYMENT_SUCCEEDED');
        if (event.type !== 'PAYMENT_SUCCEEDED') continue;
        const own = before?.context.sessions.find((x) => x.id === event.payment.sessionId);
        expect(own).toBeDefined();
        expect(event.payment.currency.toLowerCase()).toBe(own?.currency);
        expect(event.payment.amountSubtotal).toBe(own?.amount);
        expect(isSettled(event.payment)).toBe(true);
      }
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P2 applying any event twice gives the same snapshot and effects as applying it once',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { event, env, result } of trace) {
      const again = stepRegistration(result.snapshot, event, env);
      expect(again.snapshot).toEqual(result.snapshot);
      expect(again.effects).toEqual([]);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P3 once paid, the payment never changes and only refund, cancel or check-in change the status',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { before, event, result } of trace) {
      if (!before?.context.payment) continue;
      expect(result.snapshot.context.payment).toEqual(before.context.payment);
      if (result.snapshot.value !== before.value) {
        expect(['CHARGE_REFUNDED', 'CANCEL', 'CHECK_IN']).toContain(event.type);
      }
    }
  },
);

test.prop([runs, fc.integer({ min: -5, max: 5 })], { numRuns: NUM_RUNS })(
  'P4 liveCheckoutUrl never returns a URL at or after its expiresAt',
  ([first, steps], offsetMs) => {
    const { trace } = run(first, steps);
    for (const { result } of trace) {
      const checkout = result.snapshot.context.checkout;
      if (!checkout) {
        expect(liveCheckoutUrl(result.snapshot, 0)).toBeUndefined();
        continue;
      }
      const at = checkout.expiresAt + offsetMs;
      const url = liveCheckoutUrl(result.snapshot, at);
      if (at >= checkout.expiresAt) expect(url).toBeUndefined();
      else expect(url).toBe(checkout.url);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P5 at most one fulfilment effect per registration over any sequence',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    const fulfilments = trace
      .flatMap((t) => t.result.effects)
      .filter((e) => e.type === 'registration.fulfilled');
    expect(fulfilments.length).toBeLessThanOrEqual(1);
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P6 every reachable state maps to a valid pair of status strings and back again',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { result } of trace) {
      const s = result.snapshot;
      if (s.value === 'unregistered') continue;
      const pair = statusesOf(s);
      expect(REGISTRATION_STATUSES).toContain(pair.registrationStatus);
      expect(APPLICATION_STATUSES).toContain(pair.applicationStatus);
      const facts = { isApplicationBased: s.context.isApplicationBased, priceCents: s.context.priceCents };
      expect(stateFromStatuses(pair.registrationStatus, pair.applicationStatus, facts)).toBe(s.value);
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P7 snapshots survive a JSON round trip and version rises by exactly one on every change',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    for (const { before, event, env, result } of trace) {
      const revived = JSON.parse(JSON.stringify(result.snapshot)) as RegistrationSnapshot;
      expect(revived).toEqual(result.snapshot);
      const previous = before?.version ?? 0;
      const changed =
        result.snapshot.value !== (before?.value ?? 'unregistered') ||
        JSON.stringify(result.snapshot.context) !==
          JSON.stringify(before?.context ?? result.snapshot.context);
      if (changed) expect(result.snapshot.version).toBe(previous + 1);
      else expect(result.snapshot.version).toBe(previous);
      if (before) {
        const fromRevived = stepRegistration(
          JSON.parse(JSON.stringify(before)) as RegistrationSnapshot,
          event,
          env,
        );
        expect(fromRevived).toEqual(result);
      }
    }
  },
);

test.prop([runs], { numRuns: NUM_RUNS })(
  'P8 seat holds never leak: holds minus releases is the seat the registration has, and a held seat has a checkout or an open offer',
  ([first, steps]) => {
    const { trace } = run(first, steps);
    let count = 0;
    for (const { result } of trace) {
      for (const e of result.effects) {
        if (e.type === 'seat.hold' || e.type === 'seat.take') count += 1;
        if (e.type === 'seat.release') count -= 1;
      }
      const { seat, checkout, offer } = result.snapshot.context;
      expect(count).toBe(seat === 'none' ? 0 : 1);
      if (seat === 'held') {
        expect(checkout !== null || (offer ?? null) !== null).toBe(true);
        expect(['incomplete', 'accepted']).toContain(result.snapshot.value);
      }
      if (result.snapshot.value === 'waitlist') expect(result.snapshot.context.payment).toBeNull();
    }
  },
);
