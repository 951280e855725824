import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTables, resolveTables } from '@biztech/payments-aws';
import { applyRegistrationEvent, type RegistrationKey } from '@biztech/payments-core';
import { manualClock, paid, session } from '@biztech/payments-core/conformance';
import { inject } from 'vitest';
import {
  createRegistrationHandlers,
  createServiceDeps,
  type ProxyEvent,
  type ProxyResult,
  type ServiceDeps,
} from '../src/index.ts';

let counter = 0;

/** The service on fresh tables of this run's DynamoDB Local, with seeding and raw reads. */
export interface ServiceHarness {
  deps: ServiceDeps;
  handlers: ReturnType<typeof createRegistrationHandlers>;
  /** Moved by hand: checkout expiry is a fact of the test, not of the wall clock. */
  clock: ReturnType<typeof manualClock>;
  tables: ReturnType<typeof resolveTables>;
  doc: DynamoDBDocumentClient;
  /** Writes an item as today's services write it (plain PutItem). */
  put(table: string, item: Record<string, unknown>): Promise<void>;
  /** The registration item exactly as stored, as today's readers get it. */
  item(email: string, eventID: string, year: number): Promise<Record<string, unknown> | undefined>;
}

/** Creates every table under a unique suffix (files run in parallel on one DynamoDB Local). */
export async function serviceHarness(label: string): Promise<ServiceHarness> {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client);
  counter += 1;
  const tableSuffix = `_${label}_${process.pid}_${counter}`;
  await createTables(client, { tableSuffix });
  const clock = manualClock();
  const deps = createServiceDeps(doc, { tableSuffix, clock });
  const tables = resolveTables({ tableSuffix });
  return {
    deps,
    handlers: createRegistrationHandlers(deps),
    clock,
    tables,
    doc,
    put: async (table, item) => {
      await doc.send(new PutCommand({ TableName: table, Item: item }));
    },
    item: async (email, eventID, year) =>
      (
        await doc.send(
          new GetCommand({
            TableName: tables.registrations,
            Key: { id: email, 'eventID;year': `${eventID};${year}` },
            ConsistentRead: true,
          }),
        )
      ).Item,
  };
}

/** Today's frontend body of `regForPaid` / `regForFree` (`registrationStatus` as it sends it). */
export function frontendBody(eventID: string, email: string, registrationStatus: string, extra = {}) {
  return {
    email,
    fname: 'Ada',
    studentId: 12345678,
    eventID,
    year: 2026,
    registrationStatus,
    isPartner: false,
    points: 0,
    basicInformation: {
      fname: 'Ada',
      lname: 'Lovelace',
      gender: 'She/Her',
      year: '3rd Year',
      faculty: 'Sauder',
    },
    dynamicResponses: { q1: 'Workshop A' },
    applicationStatus: '',
    ...extra,
  };
}

/** A proxy event as API Gateway hands it to today's handlers. */
export function proxyEvent(body: unknown, pathParameters?: Record<string, string>): ProxyEvent {
  return {
    body: typeof body === 'string' ? body : JSON.stringify(body),
    pathParameters: pathParameters ?? null,
    requestContext: { authorizer: { claims: { email: 'ada@ubc.ca', sub: 'sub-ada' } } },
  };
}

/** The parsed body of a handler's answer. */
export function bodyOf(result: ProxyResult): Record<string, unknown> {
  return JSON.parse(result.body) as Record<string, unknown>;
}

/**
 * What the payments API (`POST /payments`, then Stripe's webhook) does to a registration, through
 * the same runner: a checkout opened (the seat held), and optionally paid.
 */
export async function checkOutAndPay(
  h: ServiceHarness,
  key: RegistrationKey,
  amount: number,
  options: { pay: boolean },
): Promise<{ sessionId: string; url: string }> {
  const s = session(`cs_${key.eventID}_${Math.random().toString(36).slice(2, 8)}`, amount, h.clock.now());
  await applyRegistrationEvent(h.deps, key, { type: 'OPEN_CHECKOUT', session: s, seatAvailable: true });
  if (options.pay) {
    await applyRegistrationEvent(h.deps, key, {
      type: 'PAYMENT_SUCCEEDED',
      stripeEventId: `evt_${s.id}`,
      payment: paid(s.id, amount),
    });
  }
  return { sessionId: s.id, url: s.url };
}
