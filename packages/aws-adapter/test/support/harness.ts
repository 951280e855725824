import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ConformanceHarness } from '@biztech/payments-core/conformance';
import { createDynamoStores, createTables, type DynamoStores } from '../../src/index.ts';
import { freshTables } from './dynamo.ts';

/** Stores on fresh tables plus seeding of today's records, written as today's system writes them. */
export interface DynamoHarness extends ConformanceHarness, DynamoStores {
  tables: Awaited<ReturnType<typeof freshTables>>['tables'];
  options: Awaited<ReturnType<typeof freshTables>>;
  put(table: string, item: Record<string, unknown>): Promise<void>;
}

/** Builds a harness on new tables (unique suffix). */
export async function dynamoHarness(
  client: DynamoDBClient,
  doc: DynamoDBDocumentClient,
  label: string,
): Promise<DynamoHarness> {
  const options = await freshTables(client, label);
  const { tables } = options;
  const put = async (table: string, item: Record<string, unknown>) => {
    // Seeds are plain JSON; drop undefined the way today's services never store it.
    await doc.send(new PutCommand({ TableName: table, Item: JSON.parse(JSON.stringify(item)) }));
  };
  return {
    ...createDynamoStores(doc, options),
    tables,
    options,
    put,
    seedEvent: (event) => put(tables.events, { ...event }),
    seedUser: (user) => put(tables.users, { ...user, id: user.id.toLowerCase() }),
    seedLegacyRegistration: (item) => put(tables.registrations, { ...item }),
    // Each membership year has its own table; another year's is created on first use.
    seedMember: async (member, membershipYear) => {
      if (membershipYear !== tables.membershipYear)
        await createTables(client, { ...options, membershipYear });
      await put(tables.membersOf(membershipYear), { ...member });
    },
    // What the check-in tool does today: an UpdateItem of the status strings, nothing else.
    overwriteStatuses: async (key, statuses) => {
      await doc.send(
        new UpdateCommand({
          TableName: tables.registrations,
          Key: { id: key.email, 'eventID;year': `${key.eventID};${key.year}` },
          UpdateExpression: 'SET registrationStatus = :r, applicationStatus = :a',
          ExpressionAttributeValues: {
            ':r': statuses.registrationStatus,
            ':a': statuses.applicationStatus ?? '',
          },
        }),
      );
    },
  };
}
