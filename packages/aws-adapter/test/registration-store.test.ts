import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { applyRegistrationEvent } from '@biztech/payments-core';
import { manualClock, paid, paidEvent, session } from '@biztech/payments-core/conformance';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { processedEventKey, REGISTRATION_BOOKKEEPING } from '../src/index.ts';
import { registrationPartition } from '../src/payment-keys.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';
import { partition } from './support/scan.ts';

const { client, doc } = localClients();
let h: DynamoHarness;
const clock = manualClock();
const key = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 };
const rawItem = async () =>
  (
    await doc.send(
      new GetCommand({
        TableName: h.tables.registrations,
        Key: { id: key.email, 'eventID;year': 'blueprint;2026' },
      }),
    )
  ).Item;

beforeAll(async () => {
  h = await dynamoHarness(client, doc, 'regs');
  await h.seedEvent(paidEvent());
});
afterAll(() => client.destroy());

describe('registration store on DynamoDB Local', () => {
  test('a paid registration from REGISTER to payment: attributes other services read, bookkeeping, audit and TTL', async () => {
    // Prepare: the form exactly as the frontend posts it, including fields the store owns.
    const form = {
      email: key.email,
      fname: 'Ada',
      studentId: 12345678,
      eventID: 'blueprint',
      year: 2026,
      registrationStatus: 'registered',
      isPartner: false,
      points: 0,
      basicInformation: { fname: 'Ada', lname: 'Lovelace', gender: 'She/Her', diet: 'None' },
      dynamicResponses: { q1: 'yes' },
      applicationStatus: '',
      id: 'someone-else@ubc.ca',
    };
    const deps = { ...h, clock };
    const s = session('cs_regs', 1999, clock.now());

    // Act
    await applyRegistrationEvent(
      deps,
      key,
      { type: 'REGISTER', ...key, isApplicationBased: false, priceCents: 1999, seatAvailable: true },
      { form },
    );
    const afterRegister = await h.registrations.getRegistrationForm(key);
    await applyRegistrationEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    const afterOpen = await h.registrations.getRegistrationForm(key);
    const afterOpenRaw = await rawItem();
    await applyRegistrationEvent(deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: 'evt_regs',
      payment: paid(s.id, 1999),
    });
    const afterPaid = await h.registrations.getRegistrationForm(key);
    const afterPaidRaw = await rawItem();

    // Assess: the form is kept, but never overrides the key or the statuses.
    expect(afterRegister).toMatchObject({
      ...form,
      id: key.email,
      'eventID;year': 'blueprint;2026',
      registrationStatus: 'incomplete',
      applicationStatus: '',
      createdAt: clock.now(),
    });
    for (const name of REGISTRATION_BOOKKEEPING) expect(afterRegister).not.toHaveProperty(name);
    expect(afterOpen).toMatchObject({ checkoutLink: s.url, registrationStatus: 'incomplete' });
    expect(afterOpenRaw).toMatchObject({
      checkoutSessionId: s.id,
      paymentVersion: 2,
      updatedAt: clock.now(),
    });
    expect(afterOpenRaw?.paymentSnapshot).toMatchObject({ version: 2, value: 'incomplete' });
    expect(afterPaidRaw).toMatchObject({ paymentVersion: 3 });
    expect(afterPaidRaw).not.toHaveProperty('checkoutSessionId');
    expect(afterPaid).toMatchObject({
      registrationStatus: 'registered',
      fname: 'Ada',
      createdAt: clock.now(),
    });
    expect(afterPaid).not.toHaveProperty('checkoutLink');
    const trail = await partition(doc, h.tables.payments, registrationPartition(key));
    expect(trail.map((i) => [i.sk, i.event, i.from, i.to])).toEqual([
      ['AUDIT#0000000001', 'REGISTER', 'unregistered', 'incomplete'],
      ['AUDIT#0000000002', 'OPEN_CHECKOUT', 'incomplete', 'incomplete'],
      ['AUDIT#0000000003', 'PAYMENT_SUCCEEDED', 'incomplete', 'registered'],
    ]);
    const [processed] = await partition(doc, h.tables.payments, processedEventKey('evt_regs').pk);
    expect(processed).toMatchObject({ subject: registrationPartition(key), processedAt: clock.now() });
    expect(processed?.expiresAt).toBe(Math.floor(clock.now() / 1000) + 30 * 24 * 60 * 60);
  });
});
