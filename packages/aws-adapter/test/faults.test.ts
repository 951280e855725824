import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  applyMembershipEvent,
  applyRegistrationEvent,
  StoreRejectedError,
  StoreUnavailableError,
  VersionConflictError,
} from '@biztech/payments-core';
import {
  applicant,
  manualClock,
  paid,
  paidEvent,
  scriptedIds,
  session,
} from '@biztech/payments-core/conformance';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createDynamoStores } from '../src/index.ts';
import { registrationPartition } from '../src/payment-keys.ts';
import { awsFaults } from './support/aws-errors.ts';
import { localClients } from './support/dynamo.ts';
import { type DynamoHarness, dynamoHarness } from './support/harness.ts';
import { partition, scanAll } from './support/scan.ts';

// Faults are injected into one document client; a second one reaches DynamoDB Local untouched.
const faulty = localClients();
const real = localClients();
const mock = mockClient(faulty.doc);
let h: DynamoHarness;
const clock = manualClock();
const regKey = { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 };

beforeAll(async () => {
  h = await dynamoHarness(real.client, real.doc, 'faults');
  await h.seedEvent(paidEvent());
});
afterEach(() => mock.reset());
afterAll(() => {
  mock.restore();
  faulty.client.destroy();
  real.client.destroy();
});

/** Stores on the faulty client, on the harness's tables. */
const faultyStores = () => createDynamoStores(faulty.doc, h.options);
/** Lets every command of these types through to DynamoDB Local. */
const passThrough = () => {
  mock.on(GetCommand).callsFake((input) => real.doc.send(new GetCommand(input)));
  mock.on(TransactWriteCommand).callsFake((input) => real.doc.send(new TransactWriteCommand(input)));
};
const someCommit = () => ({
  key: regKey,
  expected: { exists: false, version: 0 },
  next: {
    schemaVersion: 1 as const,
    machine: 'registration' as const,
    version: 1,
    value: 'incomplete',
    context: {
      email: regKey.email,
      eventID: regKey.eventID,
      year: regKey.year,
      isApplicationBased: false,
      priceCents: 1999,
      applicationStatus: '' as const,
      checkout: null,
      sessions: [],
      attempts: 0,
      seat: 'none' as const,
      payment: null,
      refund: null,
      processedKeys: [],
    },
  },
  effects: [],
  audit: {
    at: clock.now(),
    event: 'REGISTER',
    from: 'unregistered',
    to: 'incomplete',
    outcome: 'applied' as const,
    effects: [],
  },
});

describe('faults injected with aws-sdk-client-mock', () => {
  test.each([
    ['ThrottlingException', awsFaults.throttling],
    ['ProvisionedThroughputExceededException', awsFaults.throughput],
    ['InternalServerError (500)', awsFaults.internal],
    ['a cancellation for ThrottlingError', () => awsFaults.cancelled('None', 'ThrottlingError')],
    ['a dropped connection (ECONNRESET)', awsFaults.connectionReset],
  ])('%s on TransactWriteItems is a retryable StoreUnavailableError', async (_name, fault) => {
    // Prepare
    mock.on(TransactWriteCommand).rejects(fault());

    // Act
    const commit = faultyStores().registrations.commitRegistration(someCommit());

    // Assess
    await expect(commit).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(commit).rejects.toMatchObject({ code: 'store_unavailable', retryable: true });
  });

  test('throttled reads are retryable StoreUnavailableErrors too', async () => {
    // Prepare
    mock.on(GetCommand).rejects(awsFaults.throttling());
    const stores = faultyStores();

    // Act + Assess
    await expect(stores.registrations.loadRegistration(regKey)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(
      stores.memberships.loadMembership({ email: 'a@ubc.ca', membershipYear: 2026 }),
    ).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.events.getEvent('blueprint', 2026)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.events.seatsTaken('blueprint', 2026)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.users.getUser('a@ubc.ca')).rejects.toBeInstanceOf(StoreUnavailableError);
  });

  test('a TransactionConflict (cancellation or exception) is a VersionConflictError, so the runner reloads and commits', async () => {
    // Prepare: the first commits meet a concurrent transaction; then DynamoDB Local answers.
    passThrough();
    let transactions = 0;
    mock.on(TransactWriteCommand).callsFake((input) => {
      transactions += 1;
      if (transactions === 1) throw awsFaults.cancelled('TransactionConflict', 'None', 'None');
      if (transactions === 2) throw awsFaults.conflict();
      return real.doc.send(new TransactWriteCommand(input));
    });
    const key = { email: 'conflict@ubc.ca', eventID: 'blueprint', year: 2026 };
    const register = {
      type: 'REGISTER' as const,
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    };

    // Act
    const direct = await faultyStores()
      .registrations.commitRegistration(someCommit())
      .catch((e: unknown) => e);
    const viaRunner = await applyRegistrationEvent({ ...faultyStores(), clock }, key, register);

    // Assess
    expect(direct).toBeInstanceOf(VersionConflictError);
    expect(viaRunner).toMatchObject({ outcome: 'applied', committed: true });
    expect(transactions).toBe(3);
    expect(await h.registrations.getRegistrationForm(key)).toMatchObject({
      registrationStatus: 'incomplete',
    });
  });

  test.each([
    ['a ValidationException', awsFaults.validation],
    ['a cancellation for ValidationError', () => awsFaults.cancelled('None', 'ValidationError')],
  ])('%s is a StoreRejectedError, not retryable', async (_name, fault) => {
    // Prepare
    mock.on(TransactWriteCommand).rejects(fault());

    // Act
    const commit = faultyStores().registrations.commitRegistration(someCommit());

    // Assess
    await expect(commit).rejects.toBeInstanceOf(StoreRejectedError);
    await expect(commit).rejects.toMatchObject({ code: 'store_rejected', retryable: false });
  });

  test('a connection lost after the registration payment committed: the retry is a duplicate, fulfilled once', async () => {
    // Prepare: a registration with an open checkout, on the real tables.
    const deps = { ...h, clock };
    await applyRegistrationEvent(deps, regKey, {
      type: 'REGISTER',
      ...regKey,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    const s = session('cs_faults_r', 1999, clock.now());
    await applyRegistrationEvent(deps, regKey, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
    passThrough();
    // The write reaches DynamoDB and commits; the response is lost.
    mock.on(TransactWriteCommand).callsFakeOnce(async (input) => {
      await real.doc.send(new TransactWriteCommand(input));
      throw awsFaults.connectionReset();
    });
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_faults_r',
      payment: paid(s.id, 1999),
    };
    const faultyDeps = { ...faultyStores(), clock };

    // Act: the webhook fails with a retryable error; Stripe delivers again.
    const first = applyRegistrationEvent(faultyDeps, regKey, delivery);
    await expect(first).rejects.toBeInstanceOf(StoreUnavailableError);
    const second = await applyRegistrationEvent(faultyDeps, regKey, delivery);

    // Assess: the retry is a duplicate; one seat, one audit line for the payment.
    expect(second.outcome).toBe('duplicate');
    expect(second.effects).toEqual([]);
    expect(await h.registrations.getRegistrationForm(regKey)).toMatchObject({
      registrationStatus: 'registered',
    });
    expect(await h.events.seatsTaken(regKey.eventID, regKey.year)).toBe(1);
    const trail = await partition(real.doc, h.tables.payments, registrationPartition(regKey));
    expect(trail.filter((i) => i.event === 'PAYMENT_SUCCEEDED')).toHaveLength(1);
  });

  test('a connection lost after the activation committed: the retry is a duplicate, one member and one profile', async () => {
    // Prepare
    const deps = { ...h, clock, ids: scriptedIds() };
    const key = { email: 'grace@ubc.ca', membershipYear: 2026 };
    await applyMembershipEvent(deps, key, {
      type: 'BEGIN',
      email: key.email,
      membershipYear: 2026,
      paymentType: 'OAuthMember',
      applicant: applicant(key.email),
      priceCents: 1200,
    });
    const s = session('cs_faults_m', 1200, clock.now());
    await applyMembershipEvent(deps, key, { type: 'OPEN_CHECKOUT', session: s });
    passThrough();
    mock.on(TransactWriteCommand).callsFakeOnce(async (input) => {
      await real.doc.send(new TransactWriteCommand(input));
      throw awsFaults.connectionReset();
    });
    const delivery = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: 'evt_faults_m',
      payment: paid(s.id, 1200),
    };
    const faultyDeps = { ...faultyStores(), clock, ids: scriptedIds() };

    // Act
    await expect(applyMembershipEvent(faultyDeps, key, delivery)).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    const retried = await applyMembershipEvent(faultyDeps, key, delivery);

    // Assess
    expect(retried.outcome).toBe('duplicate');
    expect((await scanAll(real.doc, h.tables.members)).filter((m) => m.id === key.email)).toHaveLength(1);
    expect(await scanAll(real.doc, h.tables.profiles)).toHaveLength(1);
    expect(await h.users.getUser(key.email)).toMatchObject({ isMember: true });
  });
});
