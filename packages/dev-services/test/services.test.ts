import { SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, test } from 'vitest';
import { assertJava, assertPortFree, freePort, startCognitoLocal, startDynamoLocal } from '../src/index.ts';

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
      // -sharedDb: a client with another region and other keys (someone's aws CLI) sees the same tables.
      const stranger = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: 'eu-central-1',
        credentials: { accessKeyId: 'AKIAOTHERPERSON', secretAccessKey: 'other' },
      });
      try {
        expect((await stranger.send(new ListTablesCommand({}))).TableNames).toEqual(['probe']);
      } finally {
        stranger.destroy();
      }
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

describe('no orphaned java', () => {
  test('a process that exits without stopping DynamoDB Local takes it down too', async () => {
    // Prepare: a child Node process starts DynamoDB Local and exits at once, without stop().
    const { spawn } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const port = await freePort();
    const script = `import { startDynamoLocal } from ${JSON.stringify(fileURLToPath(new URL('../src/index.ts', import.meta.url)))};
      await startDynamoLocal({ port: ${port} }); process.exit(0);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: 'ignore',
    });

    // Act
    const code = await new Promise((resolve) => child.once('exit', resolve));

    // Assess: the port is free again shortly after, so the java process is gone.
    expect(code).toBe(0);
    const deadline = Date.now() + 5_000;
    for (;;) {
      try {
        await assertPortFree(port, 'DynamoDB Local of the exited process');
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
});
