import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createTables, type DynamoStoreOptions, resolveTables } from '../../src/index.ts';

let counter = 0;

/** A low-level and a document client for the DynamoDB Local of this run (dummy credentials). */
export function localClients(): { client: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // Default marshalling on purpose: the stores must not depend on `removeUndefinedValues`.
  return { client, doc: DynamoDBDocumentClient.from(client) };
}

/** A suffix no other test (or test file) uses, so files can run in parallel on one DynamoDB Local. */
export function uniqueSuffix(label: string): string {
  counter += 1;
  return `_${label}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 7)}`;
}

/** Creates every table under a fresh suffix and returns store options pointing at them. */
export async function freshTables(
  client: DynamoDBClient,
  label: string,
  extra: DynamoStoreOptions = {},
): Promise<DynamoStoreOptions & { tables: ReturnType<typeof resolveTables> }> {
  const options = { ...extra, tableSuffix: uniqueSuffix(label) };
  await createTables(client, options);
  return { ...options, tables: resolveTables(options) };
}
