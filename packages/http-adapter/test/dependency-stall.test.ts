// Issue 17: every request answers within its deadline while a dependency stalls, and nothing is
// left half-done. DynamoDB Local is frozen for real (SIGSTOP of its java process group) while
// requests and signed webhooks are in flight; Stripe is replaced by a server that accepts
// connections and never answers. The API is built by the real composition root
// (`createPaymentsFromEnv`), so the client timeouts under test are the ones it configures.
import { readFileSync } from 'node:fs';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type DynamoLocal, startDynamoLocal } from '@biztech/dev-services';
import { createTables, resolveTables } from '@biztech/payments-aws';
import { createStripeLocal, type StripeLocal, signatureHeader } from '@biztech/stripe-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsFromEnv, type DependencyTimeoutOverrides, type Payments } from '../src/env/index.ts';
import { listen, type RunningServer } from '../src/node/index.ts';
import { type CapturedLogs, captureLogger } from './support/capture-logger.ts';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';

/** Short budgets, so the suite stays fast; generous margins, so a busy machine cannot fail it. */
const DEADLINE_MS = 3_000;
const MARGIN_MS = 3_000;
const TIMEOUTS: DependencyTimeoutOverrides = {
  requestDeadlineMs: DEADLINE_MS,
  dynamodb: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 2 },
  stripe: { timeoutMs: 2_000, maxNetworkRetries: 1 },
  readiness: { timeoutMs: 1_000, cacheMs: 0 },
};
const WEBHOOK_SECRET = 'whsec_stall_test';
const CLIENT_URL = 'http://localhost:3000/';
const TABLE_SUFFIX = `_stall_${process.pid}`;
const tables = resolveTables({ tableSuffix: TABLE_SUFFIX });

/** One HTTP answer and how long it took. */
interface Timed {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answer fields directly
  body: any;
  headers: Headers;
  ms: number;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers = {},
): Promise<Timed> {
  const started = Date.now();
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      prefer: 'return=representation',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers, ms: Date.now() - started };
}

/** Polls until `probe` gives a truthy value; fails with `what` after `timeoutMs`. */
async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The scheduler state of a process (`T` when stopped), from /proc; undefined where there is none. */
function processState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Our API on the real composition root, with stripe-local or another Stripe base. */
interface Api {
  payments: Payments;
  server: RunningServer;
  logs: CapturedLogs;
  url: string;
}

async function startApi(dynamoEndpoint: string, stripeBase: string, timeouts = TIMEOUTS): Promise<Api> {
  const logs = captureLogger();
  const payments = createPaymentsFromEnv(
    {
      STRIPE_SECRET_KEY: 'sk_test_stall',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: stripeBase,
      DYNAMODB_ENDPOINT: dynamoEndpoint,
      TABLE_SUFFIX,
      CLIENT_URL,
    },
    { identity: { signUp: async () => ({ created: true }) }, logger: logs.logger, timeouts },
  );
  const server = await listen(payments.handler, { port: 0 });
  return { payments, server, logs, url: server.url };
}

let dynamo: DynamoLocal;
let thawed = true;
const freeze = () => {
  thawed = false;
  process.kill(-dynamo.pid, 'SIGSTOP');
};
const thaw = () => {
  if (thawed || dynamo === undefined) return;
  process.kill(-dynamo.pid, 'SIGCONT');
  thawed = true;
};
/** Waits until the kernel reports java stopped, so "while frozen" is a fact, not a hope. */
const frozen = () =>
  waitFor(
    'java to stop',
    () => processState(dynamo.pid) === undefined || processState(dynamo.pid) === 'T',
    5_000,
  );

let local: StripeLocal;
let api: Api;

beforeAll(async () => {
  // A DynamoDB Local of our own: the shared one of global setup must never be frozen.
  dynamo = await startDynamoLocal();
  const setup = dynamo.client();
  await createTables(setup, { tableSuffix: TABLE_SUFFIX });
  setup.destroy();
  local = createStripeLocal({
    retry: { attempts: 2, baseDelayMs: 200, maxDelayMs: 1_000, timeoutMs: 10_000 },
  });
  const { url: stripeUrl } = await local.listen(0);
  api = await startApi(dynamo.endpoint, stripeUrl);
  local.setWebhookEndpoints([{ url: `${api.url}/payments/webhook`, secret: WEBHOOK_SECRET }]);
});

afterAll(async () => {
  // Never leave a frozen java behind, whatever failed.
  thaw();
  await local?.close();
  await api?.server.close();
  api?.payments.close();
  await dynamo?.stop();
});

/** Retries a call on 5xx, as a browser or Stripe would: a busy machine may slow (not freeze) DynamoDB Local. */
async function retried5xx(run: () => Promise<Timed>): Promise<Timed> {
  for (let attempt = 1; ; attempt++) {
    const answer = await run();
    if (answer.status < 500 || attempt === 5) return answer;
  }
}

/** A registration of a seeded paid event with an open checkout session. */
async function registeredWithCheckout(event: { id: string; year: number }) {
  const email = `${uid('stall')}@ubc.ca`;
  const reg = await retried5xx(() => call(api.url, 'POST', '/registrations', registrationBody(email, event)));
  // 200 { url } when a first attempt that timed out had committed after all: the retry resumes it.
  expect([200, 201]).toContain(reg.status);
  const pay = await retried5xx(() => call(api.url, 'POST', '/payments', eventPaymentBody(email, event)));
  expect(pay.status).toBe(200);
  return { email, sessionId: pay.body.sessionId as string };
}

async function seedEvent(event: ReturnType<typeof paidEvent>) {
  await api.payments.dynamo.send(
    new PutCommand({ TableName: tables.events, Item: JSON.parse(JSON.stringify(event)) }),
  );
}

async function registrationItem(email: string, event: { id: string; year: number }) {
  const out = await api.payments.dynamo.send(
    new GetCommand({
      TableName: tables.registrations,
      Key: { id: email, 'eventID;year': `${event.id};${event.year}` },
      ConsistentRead: true,
    }),
  );
  return out.Item as Record<string, unknown> | undefined;
}

/** Signs and posts a Stripe event to our webhook, as a redelivery from the dashboard would. */
function redeliver(payload: string) {
  return retried5xx(() =>
    call(api.url, 'POST', '/payments/webhook', payload, {
      'content-type': 'application/json',
      'stripe-signature': signatureHeader(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000)),
    }),
  );
}

const completedEventsOf = (sessionId: string) =>
  local
    .events('checkout.session.completed')
    .filter((e) => (e.data.object as { id: string }).id === sessionId);

const fulfilments = (logs: CapturedLogs, sessionId: string) =>
  logs.entries.filter((e) => e.msg === 'registration.fulfilled' && e.sessionId === sessionId).length;

/** Every request whose deadline ran out has reported how its background work ended. */
async function backgroundSettled(logs: CapturedLogs) {
  await waitFor('routes that lost their deadline to finish in the background', () => {
    const timedOut = logs.requestLines().filter((l) => l.outcome === 'dependency_timeout');
    const late = new Set(
      logs.entries.filter((e) => e.msg === 'finished after the deadline').map((e) => e.requestId),
    );
    return timedOut.every((l) => late.has(l.requestId));
  });
}

function expectEveryRequestLoggedOnceWithinBudget(logs: CapturedLogs) {
  const lines = logs.requestLines();
  const ids = lines.map((l) => l.requestId);
  expect(new Set(ids).size).toBe(ids.length);
  for (const line of lines) expect(line.latencyMs as number).toBeLessThanOrEqual(DEADLINE_MS + MARGIN_MS);
}

describe('a frozen DynamoDB (SIGSTOP of DynamoDB Local)', () => {
  it('answers every request within its deadline, then fulfils every paid session exactly once', async () => {
    // Prepare: five customers with open checkouts, before the freeze. They pay while the webhook
    // endpoints are unset, so the test delivers the signed events itself, all at once, as Stripe
    // does (stripe-local delivers one event at a time, retries included).
    const event = paidEvent({ capac: 50 });
    await seedEvent(event);
    const customers = await Promise.all([1, 2, 3, 4, 5].map(() => registeredWithCheckout(event)));
    const newcomers = [1, 2, 3, 4, 5].map(() => `${uid('late')}@ubc.ca`);
    const endpoints = local.webhookEndpoints();
    local.setWebhookEndpoints([]);
    for (const c of customers) local.pay(c.sessionId);
    local.setWebhookEndpoints(endpoints);
    const payloads = customers.flatMap((c) => completedEventsOf(c.sessionId).map((e) => JSON.stringify(e)));
    expect(payloads).toHaveLength(customers.length);
    let answers: Array<Timed & { what: string }> = [];
    let health: Timed | undefined;
    // Act: freeze; then the five webhooks, five other registrations, the five success pages polling
    // and the readiness probe, all in flight together.
    try {
      freeze();
      await frozen();
      const named = (what: string, p: Promise<Timed>) => p.then((a) => ({ ...a, what }));
      [answers, health] = await Promise.all([
        Promise.all([
          ...payloads.map((payload) =>
            named(
              'POST /payments/webhook',
              call(api.url, 'POST', '/payments/webhook', payload, {
                'content-type': 'application/json',
                'stripe-signature': signatureHeader(payload, WEBHOOK_SECRET, Math.floor(Date.now() / 1000)),
              }),
            ),
          ),
          ...newcomers.map((email) =>
            named(
              'POST /registrations',
              call(api.url, 'POST', '/registrations', registrationBody(email, event)),
            ),
          ),
          ...customers.map((c) =>
            named('GET /payments/sessions/{id}', call(api.url, 'GET', `/payments/sessions/${c.sessionId}`)),
          ),
          named('GET /health/ready', call(api.url, 'GET', '/health/ready')),
        ]),
        call(api.url, 'GET', '/health'),
      ]);
      // Still frozen now: every answer above was given while java was stopped.
      expect(processState(dynamo.pid) ?? 'T').toBe('T');
    } finally {
      thaw();
    }

    // Assess: while frozen, every answer came within the deadline (plus margin), as a retryable 503.
    expect(answers).toHaveLength(16);
    for (const answer of answers) {
      expect(answer.ms, answer.what).toBeLessThanOrEqual(DEADLINE_MS + MARGIN_MS);
      expect(answer.status, answer.what).toBe(503);
      if (answer.what === 'GET /health/ready') {
        expect(answer.body).toEqual({ ready: false, checks: { dynamodb: 'timeout' } });
      } else {
        expect(answer.headers.get('retry-after'), answer.what).toBeTruthy();
        expect(['dependency_timeout', 'store_unavailable'], answer.what).toContain(answer.body.error.code);
      }
    }
    expect(health).toMatchObject({ status: 200, body: { ok: true } });

    // Act: after the thaw every event is delivered again (Stripe's retry), then once more.
    await waitFor(
      'readiness after the thaw',
      async () => (await call(api.url, 'GET', '/health/ready')).status === 200,
    );
    await backgroundSettled(api.logs);
    const retries = await Promise.all(payloads.map(redeliver));
    const replays = await Promise.all(payloads.map(redeliver));

    // Assess: each paid session fulfilled exactly once, its seat taken once; one log line per request.
    for (const r of retries) expect(r).toMatchObject({ status: 200, body: { received: true } });
    for (const r of retries) expect(['applied', 'duplicate']).toContain(r.body.outcome);
    for (const r of replays) expect(r).toMatchObject({ status: 200, body: { outcome: 'duplicate' } });
    for (const c of customers) {
      expect(fulfilments(api.logs, c.sessionId)).toBe(1);
      expect((await registrationItem(c.email, event))?.registrationStatus).toBe('registered');
    }
    expect(await api.payments.deps.events.seatsTaken(event.id, event.year)).toBe(customers.length);
    expectEveryRequestLoggedOnceWithinBudget(api.logs);
  });

  it('a commit in flight when DynamoDB froze either happened or not: the retried webhook applies it once', async () => {
    // Prepare: a customer with an open checkout; the next TransactWriteItems freezes DynamoDB on its way out.
    const event = paidEvent({ capac: 50 });
    await seedEvent(event);
    const customer = await registeredWithCheckout(event);
    let armed = true;
    api.payments.dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (armed && context.commandName === 'TransactWriteItemsCommand') {
          armed = false;
          freeze();
        }
        return next(args);
      },
      { step: 'build', name: 'freezeBeforeCommit' },
    );
    // Act
    try {
      local.pay(customer.sessionId);
      await waitFor('the commit to freeze DynamoDB', () => !armed);
      await waitFor('a first answer to the webhook', () =>
        local
          .deliveries()
          .some((d) => d.eventId === completedEventsOf(customer.sessionId)[0]?.id && d.status !== null),
      );
    } finally {
      thaw();
      api.payments.dynamo.middlewareStack.remove('freezeBeforeCommit');
    }
    const first = local
      .deliveries()
      .find((d) => d.eventId === completedEventsOf(customer.sessionId)[0]?.id && d.attempt === 1);
    await local.whenIdle();
    await backgroundSettled(api.logs);
    const again = await redeliver(JSON.stringify(completedEventsOf(customer.sessionId)[0]));
    // Assess
    expect(first?.status).toBe(503);
    expect(again).toMatchObject({ status: 200, body: { received: true } });
    expect(fulfilments(api.logs, customer.sessionId)).toBe(1);
    expect((await registrationItem(customer.email, event))?.registrationStatus).toBe('registered');
    expect(await api.payments.deps.events.seatsTaken(event.id, event.year)).toBe(1);
    expectEveryRequestLoggedOnceWithinBudget(api.logs);
  });
});

describe('a stalled Stripe (accepts connections, never answers)', () => {
  let stall: Server;
  const sockets = new Set<Socket>();
  let connections = 0;
  let stalled: Api;

  beforeAll(async () => {
    stall = createNetServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => stall.listen(0, '127.0.0.1', resolve));
    const { port } = stall.address() as { port: number };
    // Stripe's own timeout is longer than the deadline here, so the deadline is what answers.
    stalled = await startApi(dynamo.endpoint, `http://127.0.0.1:${port}`, {
      ...TIMEOUTS,
      stripe: { timeoutMs: DEADLINE_MS + 1_000, maxNetworkRetries: 0 },
    });
  });
  afterAll(async () => {
    await stalled?.server.close();
    stalled?.payments.close();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => stall?.close(resolve));
  });

  it('POST /payments answers 503 within the deadline and holds no seat for the session never created', async () => {
    // Prepare: a one-seat event and a registration (no Stripe needed to register).
    const event = paidEvent({ capac: 1 });
    await seedEvent(event);
    const email = `${uid('stalled')}@ubc.ca`;
    const reg = await retried5xx(() =>
      call(stalled.url, 'POST', '/registrations', registrationBody(email, event)),
    );
    expect(reg.status).toBe(201);
    // Act
    const pay = await call(stalled.url, 'POST', '/payments', eventPaymentBody(email, event));
    const ready = await call(stalled.url, 'GET', '/health/ready');
    await backgroundSettled(stalled.logs);
    // Assess
    expect(pay.ms).toBeLessThanOrEqual(DEADLINE_MS + MARGIN_MS);
    expect(pay.status).toBe(503);
    expect(pay.headers.get('retry-after')).toBe('2');
    expect(pay.body).toMatchObject({ error: { code: 'dependency_timeout' } });
    expect(connections).toBeGreaterThan(0);
    const late = stalled.logs.entries.find((e) => e.msg === 'finished after the deadline');
    expect(late).toMatchObject({ route: '/payments', errorName: 'GatewayError' });
    expect(await api.payments.deps.events.seatsTaken(event.id, event.year)).toBe(0);
    const item = await registrationItem(email, event);
    expect(item?.registrationStatus).toBe('incomplete');
    expect(item?.checkoutLink).toBeUndefined();
    // Readiness is about DynamoDB: a stalled Stripe does not take the instance out of rotation.
    expect(ready.status).toBe(200);
    expectEveryRequestLoggedOnceWithinBudget(stalled.logs);
  });
});
