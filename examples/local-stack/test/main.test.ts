import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { assertPortFree, freePort, LOCAL_AWS } from '@biztech/dev-services';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** The environment without the SDK's warning switch, to prove the stack sets it itself. */
function withoutSdkWarningSwitch(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _switch, ...rest } = env;
  return rest;
}

/** Signs in at the printed pool as a person reading the banner would, and returns the ID token. */
async function idTokenFromBanner(banner: string, who: 'Admin' | 'Demo user'): Promise<string> {
  const field = (name: string) => banner.match(new RegExp(`${name}\\s+(\\S+)`))?.[1] ?? '';
  const [, email = '', password = ''] = banner.match(new RegExp(`${who} sign-in\\s+(\\S+) / (\\S+)`)) ?? [];
  const client = new CognitoIdentityProviderClient({ endpoint: field('Cognito endpoint'), ...LOCAL_AWS });
  try {
    const auth = await client.send(
      new InitiateAuthCommand({
        ClientId: field('Cognito app client id'),
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: password },
      }),
    );
    return auth.AuthenticationResult?.IdToken ?? '';
  } finally {
    client.destroy();
  }
}

test('the stack prints its URLs, serves the API, and Ctrl-C stops every process it started', async () => {
  // Prepare: free ports for every part, so the test never collides with a running stack.
  const [port, stripePort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts'], {
    cwd: root,
    env: {
      ...withoutSdkWarningSwitch(process.env),
      PORT: String(port),
      STRIPE_PORT: String(stripePort),
      DYNAMODB_PORT: String(dynamoPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Act: wait until ready, call the API, then press Ctrl-C.
  const deadline = Date.now() + 90_000;
  while (!out.includes('Press Ctrl-C to stop.') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json());
  // The printed credentials give ID tokens the API's admin verifier accepts (admin) or refuses (403).
  const queueAs = async (who: 'Admin' | 'Demo user') =>
    (
      await fetch(`http://127.0.0.1:${port}/admin/queue`, {
        headers: { authorization: `Bearer ${await idTokenFromBanner(out, who)}` },
      })
    ).status;
  const adminQueue = await queueAs('Admin');
  const userQueue = await queueAs('Demo user');
  child.kill('SIGINT');
  const code = await exited;

  // Assess
  expect(out).toContain(`Demo page              http://127.0.0.1:${port}/`);
  expect(out).toContain(`DynamoDB endpoint      http://127.0.0.1:${dynamoPort}`);
  expect(out).toMatch(/Webhook secret\s+whsec_local_\S+/);
  expect(health).toEqual({ ok: true });
  expect(out).toMatch(/Cognito user pool id\s+\S+_\S+/);
  expect(out).toMatch(/Admin sign-in\s+admin@ubcbiztech\.com \/ Bt-\S+\s+\(group admin; password generated/);
  expect(out).toMatch(/Demo user sign-in\s+existing@ubc\.ca \/ Bt-\S+/);
  expect([adminQueue, userQueue]).toEqual([200, 403]);
  expect(code).toBe(0);
  // A newcomer reads the banner: no SDK warnings around it, whatever the caller's environment.
  expect(`${out}${err}`).not.toMatch(/Warning|upgrade to node/i);
  // Nothing is left listening: DynamoDB Local (java), the Stripe server and the API are gone.
  for (const p of [port, stripePort, dynamoPort]) await assertPortFree(p, `port ${p} after Ctrl-C`);
});
