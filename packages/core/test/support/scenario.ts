import { paid, session } from '../../src/conformance/fixtures.ts';
import { type RegistrationSnapshot, stepRegistration } from '../../src/registration/step.ts';
import type { RegistrationEffect, RegistrationEvent } from '../../src/registration/types.ts';
import { T0 } from './arbitraries.ts';

/** A registration driven step by step, remembering every effect, for readable scenario tests. */
export function registrationScenario(options: { price?: number; app?: boolean; seat?: boolean } = {}) {
  let now = T0;
  let snapshot: RegistrationSnapshot | undefined;
  const effects: RegistrationEffect[] = [];
  const send = (event: RegistrationEvent) => {
    const r = stepRegistration(snapshot, event, { now });
    snapshot = r.snapshot;
    effects.push(...r.effects);
    return r;
  };
  const price = options.price ?? 1999;
  const api = {
    get snapshot() {
      return snapshot!;
    },
    get state() {
      return snapshot?.value;
    },
    effects,
    get now() {
      return now;
    },
    advance(ms: number) {
      now += ms;
    },
    send,
    register: (seatAvailable = options.seat ?? true) =>
      send({
        type: 'REGISTER',
        email: 'ada@ubc.ca',
        eventID: 'blueprint',
        year: 2026,
        isApplicationBased: options.app ?? false,
        priceCents: price,
        seatAvailable,
      }),
    open: (id: string, seatAvailable = true, amount = price) =>
      send({ type: 'OPEN_CHECKOUT', session: session(id, amount, now), seatAvailable }),
    pay: (id: string, overrides: Parameters<typeof paid>[2] = {}, stripeEventId?: string) =>
      send({
        type: 'PAYMENT_SUCCEEDED',
        payment: paid(id, price, overrides),
        ...(stripeEventId ? { stripeEventId } : {}),
      }),
  };
  return api;
}
