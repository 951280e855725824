import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, test } from 'vitest';
import { assertJava, assertPortFree, startCognitoLocal, startDynamoLocal } from '../src/index.ts';

describe('dev services', () => {
  test('DynamoDB Local starts on a loopback port, answers, and stops', async () => {
    const dynamo = await startDynamoLocal();
    const client = dynamo.client();
    try {
      await client.send(
        new CreateTableCommand({
          TableName: 'probe',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
      expect((await client.send(new ListTablesCommand({}))).TableNames).toEqual(['probe']);
      await expect(assertPortFree(dynamo.port, 'x')).rejects.toThrow(/already listens/);
    } finally {
      client.destroy();
      await dynamo.stop();
    }
    await assertPortFree(dynamo.port, 'DynamoDB Local after stop');
  });

  test('a missing java fails at once with one line that says what to install', () => {
    const started = Date.now();
    const failure = (() => {
      try {
        assertJava('java-not-installed-here');
        return undefined;
      } catch (error) {
        return error as Error;
      }
    })();
    expect(failure?.message).toMatch(/^DynamoDB Local needs java on PATH .*install a JRE/);
    expect(failure?.message).not.toContain('\n');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(() => assertJava()).not.toThrow();
  });

  test('cognito-local starts with a pool and a client that accept SignUp', async () => {
    const cognito = await startCognitoLocal();
    const client = cognito.client();
    try {
      const out = await client.send(
        new SignUpCommand({
          ClientId: cognito.clientId,
          Username: 'ada@ubc.ca',
          Password: 'Passw0rd!long',
          UserAttributes: [{ Name: 'email', Value: 'ada@ubc.ca' }],
        }),
      );
      expect(out.UserConfirmed).toBe(false);
    } finally {
      client.destroy();
      await cognito.stop();
    }
  });
});
