import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDynamoReadinessProbe, READINESS_PROBE_KEY } from '../src/index.ts';
import { freshTables, localClients, uniqueSuffix } from './support/dynamo.ts';

const { client, doc } = localClients();
let tableSuffix = '';

beforeAll(async () => {
  tableSuffix = (await freshTables(client, 'ready')).tableSuffix ?? '';
});
afterAll(() => client.destroy());

describe('createDynamoReadinessProbe', () => {
  test('resolves when the payments table answers, and writes nothing', async () => {
    // Prepare
    const probe = createDynamoReadinessProbe(doc, { tableSuffix });
    // Act
    await probe(new AbortController().signal);
    const read = await doc.send(
      new GetCommand({ TableName: `biztechPayments${tableSuffix}`, Key: { ...READINESS_PROBE_KEY } }),
    );
    // Assess
    expect(read.Item).toBeUndefined();
  });

  test('rejects when the table does not exist', async () => {
    // Prepare
    const probe = createDynamoReadinessProbe(doc, { tableSuffix: uniqueSuffix('missing') });
    // Act
    const answer = probe(new AbortController().signal);
    // Assess
    await expect(answer).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  test('passes its signal to the SDK: an aborted signal cancels the call', async () => {
    // Prepare
    const probe = createDynamoReadinessProbe(doc, { tableSuffix });
    const controller = new AbortController();
    controller.abort();
    // Act
    const answer = probe(controller.signal);
    // Assess
    await expect(answer).rejects.toMatchObject({ name: 'AbortError' });
  });
});
