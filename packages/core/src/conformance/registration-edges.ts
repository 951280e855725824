import { expect, test } from 'vitest';
import type { EventRecord } from '../ports.ts';
import { applyRegistrationEvent, type RegistrationDeps } from '../registration/apply.ts';
import type { RegistrationKey } from '../registration/types.ts';
import { manualClock, paid, paidEvent, session } from './fixtures.ts';
import type { ConformanceHarness } from './index.ts';

/**
 * The seat counter at the registration edges every store must get right (part of
 * `runStoreConformance`): statuses written around us move the counter, an overbooking another
 * service made shows in it, and it never goes below zero.
 */
export function registrationEdgeTests(factory: () => Promise<ConformanceHarness> | ConformanceHarness) {
  const setup = async (event: EventRecord) => {
    const h = await factory();
    await h.seedEvent(event);
    const deps: RegistrationDeps = { ...h, clock: manualClock() };
    return { h, deps };
  };
  const keyOf = (email: string, event: EventRecord): RegistrationKey => ({
    email,
    eventID: event.id,
    year: event.year,
  });
  const register = (key: RegistrationKey, seatAvailable = true) => ({
    type: 'REGISTER' as const,
    ...key,
    isApplicationBased: false,
    priceCents: 1999,
    seatAvailable,
  });
  /** REGISTER, OPEN_CHECKOUT and PAYMENT_SUCCEEDED: a paid place holding a seat. */
  const paidPlace = async (deps: RegistrationDeps, key: RegistrationKey, sessionId: string) => {
    await applyRegistrationEvent(deps, key, register(key));
    const s = session(sessionId, 1999, deps.clock.now());
    await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    const r = await applyRegistrationEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: `evt_${sessionId}`,
      payment: paid(sessionId, 1999),
    });
    expect(r.snapshot.value).toBe('registered');
  };

  test("a person's registrations: every event of theirs, their stored attributes, nobody else's", async () => {
    const event = paidEvent({ id: 'edge;person', capac: 5 });
    const { h, deps } = await setup(event);
    const mine = keyOf('person@ubc.ca', event);
    await applyRegistrationEvent(deps, mine, register(mine), { form: { fname: 'Ada', points: 0 } });
    await applyRegistrationEvent(deps, keyOf('other@ubc.ca', event), register(keyOf('other@ubc.ca', event)));
    await h.seedLegacyRegistration({
      id: 'person@ubc.ca',
      'eventID;year': 'kickoff;2025',
      registrationStatus: 'checkedIn',
      applicationStatus: '',
      isPartner: true,
    });
    const found = await h.registrations.listPersonRegistrations('PERSON@ubc.ca');
    const byEvent = new Map(found.map((r) => [`${r.key.eventID}|${r.key.year}`, r]));
    expect([...byEvent.keys()].sort()).toEqual(['edge;person|2026', 'kickoff|2025']);
    const ours = byEvent.get('edge;person|2026');
    expect(ours?.stored.kind).toBe('snapshot');
    expect(ours?.attributes).toMatchObject({ fname: 'Ada', points: 0, registrationStatus: 'incomplete' });
    expect(ours?.attributes).not.toHaveProperty('paymentSnapshot');
    expect(byEvent.get('kickoff|2025')?.attributes).toMatchObject({
      registrationStatus: 'checkedIn',
      isPartner: true,
    });
  });

  test("a caller's load that went stale is never committed over a newer change", async () => {
    const event = paidEvent({ id: 'edge-stale-load', capac: 5 });
    const { h, deps } = await setup(event);
    const key = keyOf('ada@ubc.ca', event);
    await applyRegistrationEvent(deps, key, register(key));
    const s = session('cs_edge_stale', 1999, deps.clock.now());
    await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    // A route reads the item, then a webhook pays it before the route's own step commits.
    const stale = await h.registrations.loadRegistration(key);
    const payment = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_stale',
      payment: paid(s.id, 1999),
    };
    await applyRegistrationEvent(deps, key, payment);
    const r = await applyRegistrationEvent(
      deps,
      key,
      { type: 'CHECKOUT_EXPIRED', sessionId: s.id },
      {
        loaded: stale ?? null,
        event,
      },
    );
    // The stale read met a version conflict; the retry stepped from the paid place.
    expect(r.snapshot.value).toBe('registered');
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(1);
  });

  test('an admin cancels a paid place around us: the next event releases its seat', async () => {
    const event = paidEvent({ id: 'edge-cancel', capac: 5 });
    const { h, deps } = await setup(event);
    const key = keyOf('ada@ubc.ca', event);
    await paidPlace(deps, key, 'cs_edge_cancel');
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(1);
    await h.overwriteStatuses(key, { registrationStatus: 'cancelled', applicationStatus: '' });
    // A command the cancelled place refuses still commits what the statuses imply.
    const r = await applyRegistrationEvent(deps, key, { type: 'CHECK_IN' });
    expect(r.committed).toBe(true);
    expect(r.snapshot.value).toBe('cancelled');
    expect(r.snapshot.context.seat).toBe('none');
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(0);
    // And only once.
    await applyRegistrationEvent(deps, key, { type: 'CHECK_IN' });
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(0);
  });

  test('an admin promotes a waitlisted registration around us: the counter counts it, over capacity if need be', async () => {
    const event = paidEvent({ id: 'edge-promote', capac: 1 });
    const { h, deps } = await setup(event);
    const first = keyOf('first@ubc.ca', event);
    const second = keyOf('second@ubc.ca', event);
    await paidPlace(deps, first, 'cs_edge_first');
    await applyRegistrationEvent(deps, second, register(second, false));
    await h.overwriteStatuses(second, { registrationStatus: 'registered', applicationStatus: '' });
    const r = await applyRegistrationEvent(deps, second, { type: 'CHECK_IN' });
    expect(r.snapshot.value).toBe('checkedIn');
    expect(r.effects).toContainEqual({ type: 'seat.take', enforceCapacity: false });
    // The overbooking is recorded in the counter, not hidden.
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(2);
  });

  test('the seat counter never goes below zero: a legacy place refunded releases nothing it never counted', async () => {
    const event = paidEvent({ id: 'edge-floor', capac: 5 });
    const { h, deps } = await setup(event);
    const key = keyOf('legacy@ubc.ca', event);
    await h.seedLegacyRegistration({
      id: key.email,
      'eventID;year': `${event.id};${event.year}`,
      registrationStatus: 'registered',
    });
    const r = await applyRegistrationEvent(deps, key, {
      type: 'CHARGE_REFUNDED',
      stripeEventId: 'evt_edge_floor',
      paymentIntent: 'pi_legacy_floor',
      amountRefunded: 1999,
      amountCaptured: 1999,
    });
    expect(r.outcome).toBe('applied');
    expect(r.snapshot.value).toBe('cancelled');
    expect(await h.events.seatsTaken(event.id, event.year)).toBe(0);
    expect((await h.registrations.getRegistrationForm(key))?.registrationStatus).toBe('cancelled');
  });
}
