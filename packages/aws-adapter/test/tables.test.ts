import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, describe, expect, test } from 'vitest';
import {
  createTables,
  EVENT_QUERY_INDEX,
  PROFILE_QUERY_INDEX,
  resolveTables,
  tableDefinitions,
} from '../src/index.ts';
import { localClients, uniqueSuffix } from './support/dynamo.ts';

const { client } = localClients();
afterAll(() => client.destroy());

describe('table names and definitions', () => {
  test('default names carry the suffix; overrides are used as given; each membership year has its table', () => {
    // Act
    const t = resolveTables({
      tableSuffix: 'PROD',
      tableNames: { payments: 'paymentsLedger' },
      membershipYear: 2027,
    });

    // Assess
    expect(t).toMatchObject({
      events: 'biztechEventsPROD',
      users: 'biztechUsersPROD',
      members: 'biztechMembers2027PROD',
      registrations: 'biztechRegistrationsPROD',
      profiles: 'biztechProfilesPROD',
      payments: 'paymentsLedger',
    });
    expect(t.membersOf(2027)).toBe('biztechMembers2027PROD');
    expect(t.membersOf(2026)).toBe('biztechMembers2026PROD');
    expect(resolveTables().members).toBe('biztechMembers2026');
  });

  test("definitions keep today's key schemas", () => {
    // Act
    const byRole = Object.fromEntries(tableDefinitions().map((d) => [d.role, d]));

    // Assess
    expect(byRole.events?.input.KeySchema).toEqual([
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'year', KeyType: 'RANGE' },
    ]);
    expect(byRole.registrations?.input.KeySchema).toEqual([
      { AttributeName: 'id', KeyType: 'HASH' },
      { AttributeName: 'eventID;year', KeyType: 'RANGE' },
    ]);
    expect(byRole.profiles?.input.KeySchema).toEqual([
      { AttributeName: 'compositeID', KeyType: 'HASH' },
      { AttributeName: 'type', KeyType: 'RANGE' },
    ]);
    expect(byRole.payments?.timeToLiveAttribute).toBe('expiresAt');
  });
});

describe('createTables on DynamoDB Local', () => {
  test('creates every table with its GSIs and TTL, and a second run changes nothing', async () => {
    // Prepare
    const options = { tableSuffix: uniqueSuffix('tables') };
    const names = resolveTables(options);

    // Act
    const first = await createTables(client, options);
    const second = await createTables(client, options);

    // Assess
    expect(first.map((t) => t.created)).toEqual([true, true, true, true, true, true]);
    expect(first.filter((t) => t.ttlEnabled).map((t) => t.name)).toEqual([names.payments]);
    expect(second.every((t) => !t.created && !t.ttlEnabled)).toBe(true);
    const registrations = await client.send(new DescribeTableCommand({ TableName: names.registrations }));
    expect(registrations.Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema])).toEqual([
      [EVENT_QUERY_INDEX, [{ AttributeName: 'eventID;year', KeyType: 'HASH' }]],
    ]);
    const members = await client.send(new DescribeTableCommand({ TableName: names.members }));
    expect(members.Table?.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema])).toEqual([
      [PROFILE_QUERY_INDEX, [{ AttributeName: 'profileID', KeyType: 'HASH' }]],
    ]);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: names.payments }));
    expect(ttl.TimeToLiveDescription).toMatchObject({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: 'expiresAt',
    });
  });
});
