import { applyRegistrationEvent } from '@biztech/payments-core';
import { manualClock, paidEvent, session } from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { initializeSeatCounter } from '../src/index.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'seed');
  await h.seedEvent(paidEvent({ id: 'legacyfest', year: 2026, capac: 3 }));
});
afterAll(() => client.destroy());

describe('initializeSeatCounter', () => {
  test("counts the seats today's registrations hold, once, and the capacity condition then applies to them", async () => {
    // Prepare: three confirmed places and two that hold none, all written by today's system.
    const statuses = ['registered', 'checkedIn', 'acceptedComplete', 'waitlist', 'cancelled'];
    for (const [i, registrationStatus] of statuses.entries()) {
      await h.seedLegacyRegistration({
        id: `old${i}@ubc.ca`,
        'eventID;year': 'legacyfest;2026',
        registrationStatus,
        applicationStatus: '',
      });
    }

    // Act
    const first = await initializeSeatCounter(doc, 'legacyfest', 2026, h.options);
    const second = await initializeSeatCounter(doc, 'legacyfest', 2026, h.options);
    const key = { email: 'new@ubc.ca', eventID: 'legacyfest', year: 2026 };
    const deps = { ...h, clock };
    await applyRegistrationEvent(deps, key, {
      type: 'REGISTER',
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    const open = await applyRegistrationEvent(deps, key, {
      type: 'OPEN_CHECKOUT',
      session: session('cs_seed', 1999, clock.now()),
      seatAvailable: true,
    });

    // Assess
    expect(first).toEqual({ taken: 3, created: true });
    expect(second).toEqual({ taken: 3, created: false });
    expect(open.snapshot.value).toBe('waitlist');
    expect(await h.events.seatsTaken('legacyfest', 2026)).toBe(3);
  });
});
