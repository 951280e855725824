import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { assertPortFree, freePort } from '@biztech/dev-services';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

test('the stack prints its URLs, serves the API, and Ctrl-C stops every process it started', async () => {
  // Prepare: free ports for every part, so the test never collides with a running stack.
  const [port, stripePort, dynamoPort] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      STRIPE_PORT: String(stripePort),
      DYNAMODB_PORT: String(dynamoPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  // Act: wait until ready, call the API, then press Ctrl-C.
  const deadline = Date.now() + 90_000;
  while (!out.includes('Press Ctrl-C to stop.') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200));
  }
  const health = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.json());
  child.kill('SIGINT');
  const code = await exited;

  // Assess
  expect(out).toContain(`Demo page              http://127.0.0.1:${port}/`);
  expect(out).toContain(`DynamoDB endpoint      http://127.0.0.1:${dynamoPort}`);
  expect(out).toMatch(/Webhook secret\s+whsec_local_\S+/);
  expect(health).toEqual({ ok: true });
  expect(code).toBe(0);
  // Nothing is left listening: DynamoDB Local (java), the Stripe server and the API are gone.
  for (const p of [port, stripePort, dynamoPort]) await assertPortFree(p, `port ${p} after Ctrl-C`);
});
