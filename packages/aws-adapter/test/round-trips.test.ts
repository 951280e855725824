import { applyMembershipEvent, applyRegistrationEvent } from '@biztech/payments-core';
import {
  applicant,
  manualClock,
  paid,
  paidEvent,
  scriptedIds,
  session,
} from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CallCounts, countCalls } from '../src/index.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';

const { client, doc } = localClients();
const counter = countCalls(doc);
let h: DynamoHarness;
const clock = manualClock();
const measured: [string, CallCounts][] = [];
const measure = async <T>(label: string, operation: () => Promise<T>) => {
  const { result, counts } = await counter.measure(operation);
  measured.push([label, counts]);
  return { result, counts };
};

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'trips');
  await h.seedEvent(paidEvent());
});
afterAll(() => {
  // The table the package README quotes: `pnpm exec vitest run --project aws test/round-trips.test.ts`.
  console.log(
    measured
      .map(([label, c]) => `${label.padEnd(52)} ${JSON.stringify(c.commands)} attempts=${c.attempts}`)
      .join('\n'),
  );
  counter.dispose();
  client.destroy();
});

describe('round trips per operation (SDK calls counted with middleware)', () => {
  test('registration: a payment webhook costs one read and one TransactWriteItems; its duplicate one read', async () => {
    // Prepare
    const deps = { ...h, clock };
    const key = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 };
    const register = await measure('registration REGISTER (new, paid)', () =>
      applyRegistrationEvent(deps, key, {
        type: 'REGISTER',
        ...key,
        isApplicationBased: false,
        priceCents: 1999,
        seatAvailable: true,
      }),
    );
    const s = session('cs_trips_r', 1999, clock.now());
    const open = await measure('registration OPEN_CHECKOUT (seat hold, capacity read)', () =>
      applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true }),
    );
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_trips_r',
      payment: paid(s.id, 1999),
    };

    // Act
    const webhook = await measure('registration webhook PAYMENT_SUCCEEDED', () =>
      applyRegistrationEvent(deps, key, delivery),
    );
    const duplicate = await measure('registration webhook, duplicate delivery', () =>
      applyRegistrationEvent(deps, key, delivery),
    );

    // Assess
    expect(webhook.result.outcome).toBe('applied');
    expect(webhook.counts).toEqual({
      commands: { GetItemCommand: 1, TransactWriteItemsCommand: 1 },
      total: 2,
      attempts: 2,
    });
    expect(duplicate.result.outcome).toBe('duplicate');
    expect(duplicate.counts.commands).toEqual({ GetItemCommand: 1 });
    expect(register.counts.commands).toEqual({ GetItemCommand: 1, TransactWriteItemsCommand: 1 });
    // The runner reads the event's capacity only when the step holds a seat.
    expect(open.counts.commands).toEqual({ GetItemCommand: 2, TransactWriteItemsCommand: 1 });
  });

  test('a webhook whose step sends an email still costs one read and one TransactWriteItems (the outbox item rides in it)', async () => {
    // Prepare
    const deps = { ...h, clock, effectPolicy: { autoRefund: false, emails: true } };
    const key = { email: 'mail@ubc.ca', eventID: 'blueprint', year: 2026 };
    await applyRegistrationEvent(deps, key, {
      type: 'REGISTER',
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    const s = session('cs_trips_mail', 1999, clock.now());
    await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });

    // Act
    const webhook = await measure('registration webhook PAYMENT_SUCCEEDED + outbox email', () =>
      applyRegistrationEvent(deps, key, {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_trips_mail',
        payment: paid(s.id, 1999),
      }),
    );

    // Assess
    expect(webhook.result.outbox.map((item) => item.action.type)).toEqual(['email.send']);
    expect(webhook.counts).toEqual({
      commands: { GetItemCommand: 1, TransactWriteItemsCommand: 1 },
      total: 2,
      attempts: 2,
    });
    const due = await h.operations.listDueOutbox(Number.MAX_SAFE_INTEGER, 10);
    expect(due.map((item) => item.id)).toEqual(webhook.result.outbox.map((item) => item.id));
  });

  test('membership: an activation costs one read and one TransactWriteItems', async () => {
    // Prepare
    const deps = { ...h, clock, ids: scriptedIds() };
    const key = { email: 'grace@ubc.ca', membershipYear: 2026 };
    const begin = await measure("membership BEGIN (no snapshot yet: the year's member item read too)", () =>
      applyMembershipEvent(deps, key, {
        type: 'BEGIN',
        email: key.email,
        membershipYear: 2026,
        paymentType: 'Member',
        applicant: applicant(key.email),
        priceCents: 1200,
      }),
    );
    const s = session('cs_trips_m', 1200, clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });

    // Act
    const activation = await measure('membership webhook PAYMENT_SUCCEEDED (activation)', () =>
      applyMembershipEvent(deps, key, {
        type: 'PAYMENT_SUCCEEDED',
        stripeEventId: 'evt_trips_m',
        payment: paid(s.id, 1200),
      }),
    );

    // Assess
    expect(activation.result.outcome).toBe('applied');
    expect(activation.result.effects.map((e) => e.type)).toContain('membership.activate');
    expect(activation.counts).toEqual({
      commands: { GetItemCommand: 1, TransactWriteItemsCommand: 1 },
      total: 2,
      attempts: 2,
    });
    expect(begin.counts.commands).toEqual({ GetItemCommand: 2, TransactWriteItemsCommand: 1 });
  });

  test('a legacy registration costs the event and user reads of the legacy mapping on first touch', async () => {
    // Prepare
    const deps = { ...h, clock };
    const key = { email: 'old@ubc.ca', eventID: 'blueprint', year: 2026 };
    await h.seedLegacyRegistration({
      id: key.email,
      'eventID;year': 'blueprint;2026',
      registrationStatus: 'registered',
    });

    // Act
    const checkIn = await measure('legacy registration CHECK_IN (first touch)', () =>
      applyRegistrationEvent(deps, key, { type: 'CHECK_IN' }),
    );

    // Assess
    expect(checkIn.result.outcome).toBe('applied');
    expect(checkIn.counts.commands).toEqual({ GetItemCommand: 3, TransactWriteItemsCommand: 1 });
  });
});
