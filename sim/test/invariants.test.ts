import { describe, expect, it } from 'vitest';
import { brokenInvariants } from '../src/invariants.ts';
import { runSeed, type ScheduleResult } from '../src/run-schedules.ts';

/** The first seed whose settled world holds a fulfilled paid registration and keeps every invariant. */
async function settledWorldWithARegistration(): Promise<{
  result: ScheduleResult;
  email: string;
  sessionId: string;
}> {
  for (let seed = 1; seed < 200; seed += 1) {
    const result = await runSeed(seed);
    if (result.broken.length > 0) continue;
    const { world } = result;
    for (const r of await world.stores.registrations.listEventRegistrations(
      world.event.id,
      world.event.year,
    )) {
      const snapshot = r.stored.kind === 'snapshot' ? r.stored.snapshot : undefined;
      if (snapshot?.value === 'registered' && snapshot.context.payment)
        return { result, email: r.key.email, sessionId: snapshot.context.payment.sessionId };
    }
  }
  throw new Error('no seed below 200 fulfilled a registration');
}

describe('the invariant checker flags a doctored world', () => {
  it('a seat counter off by one', async () => {
    const { result } = await settledWorldWithARegistration();
    const { stores, event } = result.world;
    const taken = await stores.events.seatsTaken(event.id, event.year);
    await stores.events.repairSeatsTaken(event.id, event.year, taken, taken + 1);
    expect(await brokenInvariants(result.world)).toContainEqual(expect.stringMatching(/^seat counter reads/));
  });

  it('a password in a stored user', async () => {
    const { result } = await settledWorldWithARegistration();
    result.world.passwords.push('Doctored-Pa55!');
    result.world.stores.seedUser({ id: 'leak@ubc.ca', isMember: false, password: 'Doctored-Pa55!' });
    expect(await brokenInvariants(result.world)).toContainEqual(
      expect.stringMatching(/^password Doctored-Pa55!/),
    );
  });

  it('more registered than the capacity allows', async () => {
    const { result } = await settledWorldWithARegistration();
    result.world.stores.seedEvent({ ...result.world.event, capac: 0 });
    expect(await brokenInvariants(result.world)).toContainEqual(
      expect.stringMatching(/registered for 0 seats/),
    );
  });

  it('a paid session nobody owns', async () => {
    const { result } = await settledWorldWithARegistration();
    const { world } = result;
    const session = await world.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 1999, product_data: { name: 'stray' } }, quantity: 1 },
      ],
      success_url: 'http://localhost:3000/',
    });
    world.local.pay(session.id);
    expect(await brokenInvariants(world)).toContainEqual(`paid session ${session.id} has 0 owners: none`);
  });

  it('one payment fulfilling a second record', async () => {
    const { result, email, sessionId } = await settledWorldWithARegistration();
    const { stores, event, clock } = result.world;
    const stored = await stores.registrations.loadRegistration({
      email,
      eventID: event.id,
      year: event.year,
    });
    if (stored?.kind !== 'snapshot') throw new Error('expected a snapshot');
    await stores.registrations.commitRegistration({
      key: { email: 'twin@ubc.ca', eventID: event.id, year: event.year },
      expected: { exists: false, version: 0 },
      next: stored.snapshot,
      effects: [],
      audit: {
        at: clock.now(),
        event: 'PAYMENT_SUCCEEDED',
        from: 'incomplete',
        to: 'registered',
        outcome: 'applied',
        sessionId,
        effects: [],
      },
    });
    expect(await brokenInvariants(result.world)).toContainEqual(`session ${sessionId} fulfilled 2 times`);
  });
});
