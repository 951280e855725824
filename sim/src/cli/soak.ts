import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { freePort } from '@biztech/dev-services';
import { resolveTables } from '@biztech/payments-aws';
import { silentLogger } from '@biztech/payments-http';
import { startLocalStack } from '../../../examples/local-stack/src/index.ts';
import { describeSoak, latencyPercentiles, type SoakSample, soakVerdict } from '../soak/soak-figures.ts';
import { startTraffic } from '../soak/traffic.ts';

// `npm run soak`: SOAK_MINUTES (10) of mixed traffic through the local stack's Node server (the
// `npm start` composition: DynamoDB Local, cognito-local, local SES) with the local Stripe server in
// a process of its own; heap after a forced GC and open fds sampled every SOAK_SAMPLE_SECONDS (60).
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('soak: run with node --expose-gc (npm run soak does)');
  process.exit(2);
}
const minutes = Number(process.env.SOAK_MINUTES ?? 10);
const sampleSeconds = Number(process.env.SOAK_SAMPLE_SECONDS ?? 60);
const users = Number(process.env.SOAK_USERS ?? 8);
// Every reconcile pass recounts each event's seats from all of its registrations, so a pass holds
// memory in proportion to the data while it runs: the heap is sampled between passes, which is what
// retained memory (a leak) is. SOAK_RECONCILE_S (30) between passes; 0 turns them off.
const reconcileSeconds = Number(process.env.SOAK_RECONCILE_S ?? 30);

function startStripeProcess(apiUrl: string, secret: string): Promise<{ child: ChildProcess; url: string }> {
  const script = fileURLToPath(new URL('../soak/stripe-local-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', script], {
    env: { ...process.env, SOAK_API_URL: apiUrl, SOAK_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the local Stripe process exited (${code})`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      const url = /ready (\S+)/.exec(chunk.toString())?.[1];
      if (url) resolve({ child, url });
    });
  });
}

const apiPort = await freePort();
const apiUrl = `http://127.0.0.1:${apiPort}`;
const secret = `whsec_soak_${randomBytes(12).toString('hex')}`;
const stripe = await startStripeProcess(apiUrl, secret);
const stack = await startLocalStack({
  port: apiPort,
  dynamoPort: 0,
  cognitoPort: 0,
  env: {
    STRIPE_API_BASE: stripe.url,
    STRIPE_WEBHOOK_SECRET: secret,
    // The soak runs the reconciler itself (below), so samples can be taken between passes.
    RECONCILE_INTERVAL_S: '0',
    // The frontend's origin, as the fixtures' success and cancel URLs name it.
    ALLOWED_REDIRECT_ORIGINS: 'http://localhost:3000',
    CLIENT_URL: 'http://localhost:3000/',
  },
  logger: silentLogger,
  progress: (line) => console.log(`  ${line}`),
});
const event = { id: 'soak', year: 2026 };
await stack.payments.dynamo.send(
  new PutCommand({
    TableName: resolveTables({ tableSuffix: stack.tableSuffix }).events,
    Item: {
      ...event,
      ename: 'Soak',
      isApplicationBased: false,
      capac: 10_000_000,
      pricing: { members: 10, nonMembers: 19.99 },
    },
  }),
);
console.log(
  `soak: ${minutes} min of traffic from ${users} users through ${apiUrl}, Stripe at ${stripe.url} (node ${process.version})`,
);

const traffic = startTraffic({ apiUrl, stripeUrl: stripe.url, event }, { users, pauseMs: 20 });
// One pass at a time, as the deployment's schedule runs them: a pass still running when the next is
// due is not doubled (passes slow down as the event's registrations grow, and on a busy machine).
let pass: Promise<void> | undefined;
let lastPassMs = 0;
const runPass = () => {
  if (pass) return;
  const started = performance.now();
  pass = stack.payments.operations
    .reconcile()
    .then(
      () => undefined,
      (error: unknown) => console.error(`  reconcile failed: ${String(error)}`),
    )
    .finally(() => {
      lastPassMs = performance.now() - started;
      pass = undefined;
    });
};
const reconciler = reconcileSeconds > 0 ? setInterval(runPass, reconcileSeconds * 1000) : undefined;
const samples: SoakSample[] = [];
for (let minute = 1; minute <= minutes; minute += 1) {
  await new Promise((resolve) => setTimeout(resolve, sampleSeconds * 1000));
  const window = traffic.takeWindow();
  // Sampled between passes: retained memory, not what a pass in flight holds.
  await pass;
  gc();
  gc();
  const memory = process.memoryUsage();
  const sample: SoakSample = {
    minute,
    heapUsedMb: memory.heapUsed / 2 ** 20,
    rssMb: memory.rss / 2 ** 20,
    openFds: readdirSync('/proc/self/fd').length,
    reconcileMs: lastPassMs,
    requests: window.requests,
    errors: window.errors,
    paid: window.paid,
    ...latencyPercentiles(window.latenciesMs),
  };
  samples.push(sample);
  // SOAK_HEAP_SNAPSHOTS=1 writes a snapshot per sample (Chrome DevTools → Memory → compare two).
  if (process.env.SOAK_HEAP_SNAPSHOTS === '1')
    console.log(`  heap snapshot: ${writeHeapSnapshot(`soak-minute-${minute}.heapsnapshot`)}`);
  const spaces = getHeapSpaceStatistics()
    .filter((space) => space.space_used_size > 2 ** 20)
    .map(
      (space) => `${space.space_name.replace('_space', '')} ${(space.space_used_size / 2 ** 20).toFixed(1)}`,
    )
    .join(', ');
  console.log(
    `  minute ${minute}: heap ${sample.heapUsedMb.toFixed(1)} MB (${spaces}), fds ${sample.openFds}, ${sample.requests} requests, ${sample.errors} errors, p99 ${sample.p99Ms.toFixed(1)} ms`,
  );
}
clearInterval(reconciler);
await traffic.stop();
await pass;
const verdict = soakVerdict(samples);
console.log(`\nsoak figures (SOAK_MINUTES=${minutes}):\n${describeSoak(samples, verdict)}`);
await stack.stop();
stripe.child.kill('SIGTERM');
process.exitCode = verdict.heapOk && verdict.fdsOk ? 0 : 1;
