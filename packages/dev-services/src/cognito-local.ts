import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { killOnExit, stopProcessGroup, tail, waitUntil } from './child-process.ts';
import { LOCAL_AWS } from './dynamo-local.ts';
import { assertPortFree, freePort } from './free-port.ts';

/** A running cognito-local with one user pool and app client ready for `SignUp`. */
export interface CognitoLocal {
  endpoint: string;
  port: number;
  userPoolId: string;
  clientId: string;
  client(): CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

/**
 * Starts `cognito-local` (a local Cognito user pools emulator from the npm registry) on `port` of
 * 127.0.0.1 with a fresh temporary data folder, then creates a user pool and an app client.
 */
export async function startCognitoLocal(
  options: { port?: number; timeoutMs?: number } = {},
): Promise<CognitoLocal> {
  const port = options.port ?? (await freePort());
  await assertPortFree(port, 'cognito-local');
  const cwd = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve('cognito-local/package.json')), 'lib/bin/start.js');
  const child: ChildProcess = spawn(process.execPath, [bin], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const release = killOnExit(child);
  const stderr = tail(child.stderr);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = () => new CognitoIdentityProviderClient({ endpoint, ...LOCAL_AWS });
  const stop = async () => {
    await stopProcessGroup(child);
    release();
    await rm(cwd, { recursive: true, force: true });
  };
  const admin = new CognitoIdentityProviderClient({ endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  try {
    await waitUntil(
      'cognito-local',
      () => admin.send(new ListUserPoolsCommand({ MaxResults: 1 })),
      child,
      stderr,
      options.timeoutMs ?? 20_000,
    );
    const pool = await admin.send(
      new CreateUserPoolCommand({ PoolName: 'biztech-local', UsernameAttributes: ['email'] }),
    );
    const userPoolId = pool.UserPool?.Id as string;
    const app = await admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'biztech-web' }),
    );
    return { endpoint, port, userPoolId, clientId: app.UserPoolClient?.ClientId as string, client, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    admin.destroy();
  }
}
