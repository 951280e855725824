import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { freePort } from './free-port.ts';

/** A running cognito-local: its endpoint, and how to stop it. */
export interface CognitoLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 20_000;

/** A client for cognito-local (dummy credentials; cognito-local checks none). */
export function cognitoClient(
  endpoint: string,
  extra: Record<string, unknown> = {},
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...extra,
  });
}

/**
 * Starts `cognito-local` on a free loopback port with a fresh temporary working folder (it keeps
 * its data in `.cognito/` there) and waits until it answers.
 */
export async function startCognitoLocal(): Promise<CognitoLocal> {
  const port = await freePort();
  const cwd = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-2_000);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      await exited;
    }
    await rm(cwd, { recursive: true, force: true });
  };
  const probe = cognitoClient(endpoint, { maxAttempts: 1 });
  const deadline = Date.now() + START_TIMEOUT_MS;
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`cognito-local exited with ${child.exitCode}: ${err}`);
      try {
        await probe.send(new ListUserPoolsCommand({ MaxResults: 1 }));
        return { endpoint, stop };
      } catch (error) {
        if (Date.now() > deadline)
          throw new Error(`cognito-local did not answer on ${endpoint}: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.destroy();
  }
}
