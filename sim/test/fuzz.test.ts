import { AsyncLocalStorage } from 'node:async_hooks';
import { createPaymentsHandler, type PaymentsHandlerConfig } from '@biztech/payments-http';
import { signatureHeader } from '@biztech/stripe-local';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminPool, startAdminPool } from '../../packages/http-adapter/test/support/cognito-tokens.ts';
import {
  eventPaymentBody,
  membershipBody,
  paidEvent,
  registrationBody,
} from '../../packages/http-adapter/test/support/fixtures.ts';
import {
  nonConformingResponses,
  type RecordedResponse,
  recordingResponses,
} from '../../packages/http-adapter/test/support/openapi-conformance.ts';
import {
  CANCEL_SECRET,
  CLIENT_URL,
  type Stack,
  startStack,
  WEBHOOK_SECRET,
} from '../../packages/http-adapter/test/support/stack.ts';
import { describeFuzzFigures, type RouteTally } from '../src/fuzz/fuzz-figures.ts';
import {
  type FuzzRequest,
  type OpenApiDocument,
  requestArbitrary,
  routesOf,
} from '../src/fuzz/route-requests.ts';

/**
 * Every route of `GET /openapi.json`, fuzzed through the whole handler on DynamoDB Local and
 * stripe-local: `FUZZ_RUNS` requests per route (500 in `npm test`; `npm run fuzz` runs 10,000),
 * seeded by `FUZZ_SEED`. No answer may be a 5xx, a 4xx may write nothing (DynamoDB writes and Stripe
 * POSTs made on its behalf are counted), the handler may never throw, and every answer must match
 * the document.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 500);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_207);
const MAX_BODY_BYTES = 1_000_000;
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 4);
const WRITE_COMMAND = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/;

/** What one request did on its own behalf, even with Stripe's webhooks arriving meanwhile. */
interface RequestEffects {
  writes: number;
  stripePosts: number;
}
const requestScope = new AsyncLocalStorage<RequestEffects>();

let pool: AdminPool;
let stack: Stack;
let handler: (request: Request) => Promise<Response>;
let recordingHandler: (request: Request) => Promise<Response>;
let document: OpenApiDocument;
let adminToken: string;
const answers: RecordedResponse[] = [];
const event = paidEvent({ capac: 3 });
const applicationEvent = paidEvent({ capac: 2, isApplicationBased: true });
const registered = 'fuzzed@ubc.ca';
const tallies: RouteTally[] = [];

beforeAll(async () => {
  pool = await startAdminPool();
  stack = await startStack({ tokens: pool.verifier(), stripeLocal: { sweepIntervalMs: 0 } });
  adminToken = (await pool.user('lead@example.org', { groups: ['admin'] })).idToken;
  stack.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const effects = requestScope.getStore();
      if (effects && WRITE_COMMAND.test(context.commandName ?? '')) effects.writes += 1;
      return result;
    },
    { step: 'initialize', name: 'fuzzWriteCounter' },
  );
  stack.stripe.on('request', (request: { method: string }) => {
    const effects = requestScope.getStore();
    if (effects && request.method === 'POST') effects.stripePosts += 1;
  });
  // A second handler on the stack's very ports and configuration, so the large documentation
  // answers are not all kept; the fuzz records the rest itself for the conformance check.
  const config: PaymentsHandlerConfig = {
    allowedRedirectOrigins: ['http://localhost:3000'],
    clientUrl: CLIENT_URL,
    webhookSecrets: [WEBHOOK_SECRET],
    cancelWebhookSecrets: [CANCEL_SECRET],
    membershipYear: 2026,
    maxBodyBytes: MAX_BODY_BYTES,
  };
  const payments = createPaymentsHandler(stack.deps, config);
  document = (await (await payments(new Request('http://localhost/openapi.json'))).json()) as OpenApiDocument;
  recordingHandler = recordingResponses(payments, answers);
  handler = payments;
  for (const e of [event, applicationEvent]) await stack.seedEvent(e);
  await stack.seedUser({ id: 'member@ubc.ca', isMember: true, fname: 'Grace', lname: 'Hopper' });
  for (const e of [event, applicationEvent]) {
    expect((await stack.call('POST', '/registrations', registrationBody(registered, e))).status).toBe(201);
  }
  expect((await stack.call('POST', '/payments', membershipBody('member@ubc.ca', 'Member'))).status).toBe(200);
}, 120_000);

/**
 * Run with the last route: the fuzz reached the handlers (valid requests were written, the
 * machines refused some), so "no 5xx" and "no write on a 4xx" are not vacuous.
 */
function assertFuzzReachedHandlers() {
  const tally = (name: string) => tallies.find((t) => t.route === name);
  const statuses = (name: string) => [...(tally(name)?.statuses.keys() ?? [])];
  expect(tally('POST /registrations')?.writesOn2xx).toBeGreaterThan(0);
  expect(tally('POST /payments')?.writesOn2xx).toBeGreaterThan(0);
  expect(statuses('POST /registrations')).toContain(201);
  expect(statuses('POST /payments')).toContain(200);
  expect(statuses('POST /payments/webhook')).toContain(200);
  expect(statuses('POST /admin/memberships/{email}/grant')).toEqual(expect.arrayContaining([200, 400]));
  expect(statuses('POST /admin/registrations/{email}/{eventID}/{year}/decision')).toContain(409);
}

afterAll(async () => {
  if (tallies.length > 0) console.info(describeFuzzFigures(tallies, RUNS, SEED));
  await stack?.close();
  await pool?.stop();
});

/** Record keys that exist, by property and parameter name, so generated requests reach the stores. */
const hints = {
  email: [registered, 'member@ubc.ca', 'nobody@ubc.ca', 'FUZZED@UBC.CA'],
  eventID: [event.id, applicationEvent.id],
  year: [2026, '2026'],
  id: ['refund_needed:cs_test_a1', 'unowned_payment:cs_test_x'],
  sessionId: ['cs_test_missing'],
  status: ['open', 'resolved', 'registered', 'waitlist'],
  paymentType: ['Event', 'Member', 'OAuthMember', 'UserMember'],
  success_url: [`${CLIENT_URL}event/${event.id}/2026/register/success`, CLIENT_URL],
  cancel_url: [`${CLIENT_URL}membership`],
};

/** Valid bodies of today's frontend and operators, per route: mutated, they reach the stores often. */
const EXAMPLES: Record<string, unknown[]> = {
  'POST /registrations': [
    registrationBody('new@ubc.ca', event),
    registrationBody(registered, event),
    registrationBody('app@ubc.ca', applicationEvent),
  ],
  'POST /payments': [
    eventPaymentBody(registered, event),
    eventPaymentBody(registered, applicationEvent),
    membershipBody('member@ubc.ca', 'Member'),
    membershipBody('fresh@ubc.ca', 'UserMember', { password: 'Fuzz-Pa55-word!' }),
    membershipBody('oauth@ubc.ca', 'OAuthMember'),
  ],
  'POST /admin/registrations/{email}/{eventID}/{year}/decision': [
    { decision: 'accepted' },
    { decision: 'waitlist' },
  ],
  'POST /admin/registrations/{email}/{eventID}/{year}/cancel': [{ refund: true }, { refund: false }, {}],
  'POST /admin/memberships/{email}/grant': [
    { reason: 'exec', fname: 'Ada', lname: 'Lovelace', education: 'UBC' },
  ],
  'POST /admin/queue/{id}/resolve': [{ action: 'refund' }, { action: 'dismiss', note: 'fuzz' }],
  'POST /admin/reconcile': [{}, { sinceSeconds: 3600 }],
};

function signed(request: FuzzRequest): Record<string, string> {
  const now = Math.floor(stack.clock.now() / 1000);
  const body = request.body ?? '';
  const secret = request.target.startsWith('/payments/cancel') ? CANCEL_SECRET : WEBHOOK_SECRET;
  const { signing } = request;
  if (signing === 'none') return request.headers;
  const header =
    signing === 'valid'
      ? signatureHeader(body, secret, now)
      : signing === 'stale'
        ? signatureHeader(body, secret, now - 3_600)
        : signing === 'wrong secret'
          ? signatureHeader(body, 'whsec_wrong', now)
          : signing.header;
  return { ...request.headers, 'stripe-signature': header };
}

/**
 * 4xx answers that write on purpose, each with why; anything else that writes on a 4xx fails.
 * `409 event_full` of `POST /registrations` puts the registration on the waitlist (the answer says
 * so), a business outcome rather than bad input; it is counted apart in the figures.
 */
const WRITES_BY_DESIGN = [{ method: 'POST', path: /^\/registrations$/, status: 409, code: 'event_full' }];
function writesByDesign(request: FuzzRequest, status: number, text: string): boolean {
  const path = request.target.split('?')[0] ?? '';
  const code = /"code":"([^"]+)"/.exec(text)?.[1];
  return WRITES_BY_DESIGN.some(
    (w) => w.method === request.method && w.path.test(path) && w.status === status && w.code === code,
  );
}

/** Sends one request; the problem it shows, or undefined. */
async function send(request: FuzzRequest, tally: RouteTally): Promise<string | undefined> {
  const effects: RequestEffects = { writes: 0, stripePosts: 0 };
  let status: number;
  let text: string;
  try {
    // Documentation answers are large and fixed: only the others are kept for the conformance check.
    const target =
      request.documented && !/^\/(docs|openapi\.json)/.test(request.target) ? recordingHandler : handler;
    const response = await requestScope.run(effects, () =>
      target(
        new Request(`http://localhost${request.target}`, {
          method: request.method,
          headers: signed(request),
          ...(request.body === undefined ? {} : { body: request.body }),
        }),
      ),
    );
    status = response.status;
    // The reference page's 4 MB script is not read: decoding it would be most of the fuzz's time.
    const readable = status >= 400 || (response.headers.get('content-type') ?? '').includes('json');
    text = readable ? await response.text() : '';
    if (!readable) await response.body?.cancel();
  } catch (error) {
    tally.crashes += 1;
    return `the handler threw: ${String(error)}`;
  }
  tally.requests += 1;
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
  if (status >= 500) {
    tally.server += 1;
    return `${status}: ${text.slice(0, 300)}`;
  }
  if (status < 300) tally.writesOn2xx += effects.writes + effects.stripePosts;
  const wrote = effects.writes > 0 || effects.stripePosts > 0;
  if (status >= 400 && wrote && writesByDesign(request, status, text)) {
    tally.writesByDesign += 1;
    return undefined;
  }
  if (status >= 400 && wrote) {
    tally.writesOn4xx += 1;
    return `${status} after ${effects.writes} DynamoDB writes and ${effects.stripePosts} Stripe POSTs: ${text.slice(0, 300)}`;
  }
  return undefined;
}

describe('generated requests for every documented route: no 5xx, no write on a 4xx, no crash', () => {
  it('the document lists the routes', () => {
    expect(routesOf(document).length).toBeGreaterThan(20);
  });

  // The routes are read when the test is defined, so a route added to the document is fuzzed too.
  it.each(routeNames())(
    '%s',
    async (name) => {
      const route = routesOf(document).find((r) => `${r.method} ${r.template}` === name);
      if (!route) throw new Error(`${name} is no longer in the document`);
      const tally: RouteTally = {
        route: name,
        requests: 0,
        crashes: 0,
        server: 0,
        writesOn4xx: 0,
        writesOn2xx: 0,
        writesByDesign: 0,
        elapsedMs: 0,
        statuses: new Map(),
      };
      tallies.push(tally);
      const index = routesOf(document).indexOf(route);
      const problems: string[] = [];
      const started = performance.now();
      const arbitrary = requestArbitrary(route, document, hints, adminToken, EXAMPLES[name] ?? []);
      // Sampled in chunks so 10,000 requests of megabyte bodies are never all in memory at once.
      for (let done = 0; done < RUNS; done += 250) {
        const chunk = fc.sample(arbitrary, {
          numRuns: Math.min(250, RUNS - done),
          seed: SEED + index * 1_000_003 + done,
        });
        // A few in flight at once, as the Node server would have them; effects are counted per request.
        for (let at = 0; at < chunk.length; at += CONCURRENCY) {
          await Promise.all(
            chunk.slice(at, at + CONCURRENCY).map(async (request) => {
              const problem = await send(request, tally);
              if (problem && problems.length < 5)
                problems.push(`${request.method} ${request.target.slice(0, 200)} → ${problem}`);
            }),
          );
        }
        const mismatches = nonConformingResponses(document as never, answers.splice(0));
        problems.push(...mismatches.slice(0, 5));
      }
      tally.elapsedMs = performance.now() - started;
      // One line per route as it finishes, so a long run shows its progress (and keeps what it did).
      console.info(
        `fuzz ${name}: ${tally.requests} requests, ${tally.server} 5xx, ${tally.writesOn4xx} 4xx that wrote, ${tally.crashes} crashes, ${Math.round(tally.elapsedMs)} ms`,
      );
      if (name === ROUTES.at(-1)) assertFuzzReachedHandlers();
      expect(problems, `replay with FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`).toEqual([]);
    },
    Math.max(120_000, RUNS * 100),
  );
});

/**
 * The route names, read from the handler's document at collection time (an in-memory handler is
 * enough to list them; the requests go to the DynamoDB one).
 */
function routeNames(): string[] {
  return ROUTES;
}
const ROUTES: string[] = await listRoutes();
async function listRoutes(): Promise<string[]> {
  const { createMemoryStores } = await import('@biztech/payments-core');
  const listing = createPaymentsHandler(
    {
      ...createMemoryStores(),
      gateway: {} as never,
      identity: {} as never,
      clock: { now: Date.now },
      ids: { profileId: () => 'x' },
    } as never,
    {
      allowedRedirectOrigins: ['http://localhost:3000'],
      clientUrl: CLIENT_URL,
      webhookSecrets: ['w'],
      cancelWebhookSecrets: ['c'],
      membershipYear: 2026,
    },
  );
  const doc = (await (await listing(new Request('http://localhost/openapi.json'))).json()) as OpenApiDocument;
  return routesOf(doc).map((r) => `${r.method} ${r.template}`);
}
