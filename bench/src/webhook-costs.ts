import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoLocal } from '@biztech/dev-services';
import { type CallCounts, countCalls, createDynamoStores, createTables } from '@biztech/payments-aws';
import { applyMembershipEvent, applyRegistrationEvent, type EventRecord } from '@biztech/payments-core';
import { applicant, paid, scriptedIds, session } from '@biztech/payments-core/conformance';

/** One measured operation: its latencies and the DynamoDB calls of its last run. */
export interface OperationCost {
  label: string;
  ms: number[];
  calls: CallCounts;
}

/**
 * Latency and DynamoDB round trips of the webhook paths on DynamoDB Local: a registration payment,
 * its duplicate delivery, a membership activation and its duplicate. `n` records of each.
 */
export async function webhookCosts(dynamo: DynamoLocal, n: number): Promise<OperationCost[]> {
  const client = dynamo.client();
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableSuffix = `Bench${Date.now()}`;
  await createTables(client, { tableSuffix });
  const stores = createDynamoStores(doc, { tableSuffix });
  const event: EventRecord = {
    id: 'blueprint',
    year: 2026,
    ename: 'Blueprint',
    capac: 100_000,
    isApplicationBased: false,
    pricing: { members: 10, nonMembers: 19.99 },
  };
  await doc.send(new PutCommand({ TableName: `biztechEvents${tableSuffix}`, Item: event }));
  const clock = { now: () => Date.now() };
  const deps = { ...stores, clock, ids: scriptedIds() };
  const counter = countCalls(doc);
  const costs = new Map<string, OperationCost>();
  const timed = async (label: string, op: () => Promise<unknown>) => {
    const started = performance.now();
    const { counts } = await counter.measure(op);
    const cost = costs.get(label) ?? { label, ms: [], calls: counts };
    cost.ms.push(performance.now() - started);
    cost.calls = counts;
    costs.set(label, cost);
  };
  for (let i = 0; i < n; i++) {
    const key = { email: `bench${i}@ubc.ca`, eventID: 'blueprint', year: 2026 };
    await applyRegistrationEvent(deps, key, {
      type: 'REGISTER',
      ...key,
      isApplicationBased: false,
      priceCents: 1999,
      seatAvailable: true,
    });
    await applyRegistrationEvent(deps, key, {
      type: 'OPEN_CHECKOUT',
      session: session(`cs_r${i}`, 1999, clock.now()),
      seatAvailable: true,
    });
    const payment = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: `evt_r${i}`,
      payment: paid(`cs_r${i}`, 1999),
    };
    await timed('registration payment webhook', () => applyRegistrationEvent(deps, key, payment));
    await timed('  its duplicate (registration)', () => applyRegistrationEvent(deps, key, payment));

    const mkey = { email: `member${i}@ubc.ca`, membershipYear: 2026 };
    await applyMembershipEvent(deps, mkey, {
      type: 'BEGIN',
      email: mkey.email,
      membershipYear: 2026,
      paymentType: 'OAuthMember',
      applicant: applicant(mkey.email),
      priceCents: 1200,
    });
    await applyMembershipEvent(deps, mkey, {
      type: 'OPEN_CHECKOUT',
      session: session(`cs_m${i}`, 1200, clock.now()),
    });
    const activation = {
      type: 'PAYMENT_SUCCEEDED' as const,
      stripeEventId: `evt_m${i}`,
      payment: paid(`cs_m${i}`, 1200),
    };
    await timed('membership activation webhook', () => applyMembershipEvent(deps, mkey, activation));
    await timed('  its duplicate (membership)', () => applyMembershipEvent(deps, mkey, activation));
  }
  counter.dispose();
  client.destroy();
  return [...costs.values()];
}
