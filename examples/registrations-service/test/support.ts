import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createTables, resolveTables } from '@biztech/payments-aws';
import type { Clock } from '@biztech/payments-core';
import { inject } from 'vitest';
import {
  createRegistrationHandlers,
  createServiceDeps,
  type ProxyEvent,
  type ProxyResult,
  type ServiceDeps,
} from '../src/index.ts';

let counter = 0;

/** A settable clock, so checkout expiry is a fact of the test rather than of the wall clock. */
export interface TestClock extends Clock {
  set(now: number): void;
}

function testClock(start: number): TestClock {
  let now = start;
  return { now: () => now, set: (next) => (now = next) };
}

/** The service on fresh tables of this run's DynamoDB Local, with seeding and raw reads. */
export interface ServiceHarness {
  deps: ServiceDeps;
  handlers: ReturnType<typeof createRegistrationHandlers>;
  clock: TestClock;
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
  const clock = testClock(Date.parse('2026-03-02T18:00:00Z'));
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
