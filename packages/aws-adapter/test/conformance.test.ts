import { runStoreConformance } from '@biztech/payments-core/conformance';
import { afterAll } from 'vitest';
import { localClients } from './support/dynamo.ts';
import { dynamoHarness } from './support/harness.ts';

const { client, doc } = localClients();
afterAll(() => client.destroy());

// Core's suite, against DynamoDB Local: each test gets its own tables.
runStoreConformance('DynamoDB', () => dynamoHarness(client, doc, 'conf'));
