import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CallCounter,
  countCalls,
  createDynamoStores,
  createTables,
  resolveTables,
} from '@biztech/payments-aws';
import type { EventRecord, IdentityProvider } from '@biztech/payments-core';
import { createStripeLocal, type StripeLocal, type StripeLocalOptions } from '@biztech/stripe-local';
import Stripe from 'stripe';
import { inject } from 'vitest';
import type { PaymentsHandlerConfig } from '../../src/config.ts';
import type { PaymentsHandlerDeps } from '../../src/deps.ts';
import {
  createPaymentsHandler,
  createPaymentsOperations,
  createProfileIdGenerator,
  createStripeGateway,
  type PaymentsHandler,
  type PaymentsOperations,
  type TokenVerifier,
} from '../../src/index.ts';
import { listen, type RunningServer } from '../../src/node/index.ts';
import { type CapturedLogs, captureLogger } from './capture-logger.ts';
import { bearerFor, sharedPoolVerifier } from './id-tokens.ts';
import { type OffsetClock, offsetClock } from './offset-clock.ts';
import { nonConformingResponses, type RecordedResponse, recordingResponses } from './openapi-conformance.ts';

export const WEBHOOK_SECRET = 'whsec_http_webhook_test';
export const CANCEL_SECRET = 'whsec_http_cancel_test';
export const CLIENT_URL = 'http://localhost:3000/';

let counter = 0;

/** An identity provider that remembers sign-ups in memory (passwords included, to search for leaks). */
export interface FakeIdentity extends IdentityProvider {
  signUps: Array<{ email: string; password: string; fname: string; lname: string }>;
  failNext?: Error;
}

function fakeIdentity(): FakeIdentity {
  const identity: FakeIdentity = {
    signUps: [],
    async signUp(input) {
      if (identity.failNext) {
        const error = identity.failNext;
        identity.failNext = undefined;
        throw error;
      }
      const created = !identity.signUps.some((s) => s.email === input.email);
      identity.signUps.push({ ...input });
      return { created };
    },
  };
  return identity;
}

/** One outgoing Stripe API request, as the SDK sent it. */
export interface StripeRequest {
  method: string;
  url: string;
  body: string;
}

/** Options of {@link startStack}. */
export interface StackOptions {
  config?: Partial<PaymentsHandlerConfig>;
  stripeLocal?: StripeLocalOptions;
  /** Wrap the deps before the handler is built (fault injection). */
  wrapDeps?: (deps: PaymentsHandlerDeps) => PaymentsHandlerDeps;
  /** The membership year sold (config and stores); 2026 unless given. 2026's member table is created too. */
  membershipYear?: number;
  /** Verifies bearer tokens; the shared cognito-local pool's verifier unless given (see `support/id-tokens.ts`). */
  tokens?: TokenVerifier;
}

/** Switches for faults injected into the DynamoDB client (as AWS would raise them). */
export interface Faults {
  /** Every TransactWriteItems fails with a throttling error while true. */
  throttleWrites: boolean;
}

/** The whole thing, running: DynamoDB tables, stripe-local, the Node server and a real Stripe SDK. */
export interface Stack {
  url: string;
  handler: PaymentsHandler;
  stripe: Stripe;
  local: StripeLocal;
  server: RunningServer;
  doc: DynamoDBDocumentClient;
  tables: ReturnType<typeof resolveTables>;
  deps: PaymentsHandlerDeps;
  /** The reconciler and the outbox drainer, on the same deps and configuration as the handler. */
  operations: PaymentsOperations;
  clock: OffsetClock;
  logs: CapturedLogs;
  identity: FakeIdentity;
  stripeRequests: StripeRequest[];
  faults: Faults;
  /** Counts the DynamoDB commands every store of the stack sends (round trips per request). */
  calls: CallCounter;
  /**
   * `fetch` against the API with a JSON body, as the typed client sends it (`Prefer:
   * return=representation`); personal reads go as their owner (see `personalReadToken`).
   */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  seedEvent(event: EventRecord): Promise<void>;
  seedUser(user: { id: string; isMember?: boolean; [k: string]: unknown }): Promise<void>;
  put(table: string, item: Record<string, unknown>): Promise<void>;
  scan(table: string): Promise<Record<string, unknown>[]>;
  /** Every item of every table: to prove nothing was written, or a secret stored nowhere. */
  scanEverything(): Promise<Record<string, unknown>[]>;
  /** Pays a session on the hosted page's browserless action, then waits for the webhooks. */
  pay(sessionId: string, body?: Record<string, unknown>): Promise<void>;
  /** Stops everything, then checks every answer the stack gave against its OpenAPI document (rejects on a mismatch). */
  close(): Promise<void>;
}

/** An HTTP answer: status, headers and the parsed JSON body (or undefined). */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests assert on answer fields directly
  body: any;
}

/**
 * A personal read (`GET /registrations/{email}/...`, `GET /memberships/{email}`) is sent as the
 * path's owner, signed in, unless the call gives its own `authorization` (`''` for none): tests
 * of other things read back what they did as the person would.
 */
function personalReadToken(method: string, path: string, given: Record<string, string>) {
  const match = /^\/(?:registrations|memberships)\/([^/?]+)/.exec(path);
  if (method !== 'GET' || match === null || 'authorization' in given) return {};
  let email: string;
  try {
    email = decodeURIComponent(match[1] as string);
  } catch {
    return {};
  }
  return bearerFor(email);
}

/** Starts a full stack on fresh tables. Close it in `afterAll`. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  counter += 1;
  const suffix = `_http_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 7)}`;
  const client = new DynamoDBClient({
    endpoint: inject('dynamoEndpoint'),
    region: 'us-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const faults: Faults = { throttleWrites: false };
  const calls = countCalls(doc);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (faults.throttleWrites && context.commandName === 'TransactWriteItemsCommand') {
        throw Object.assign(new Error('Rate of requests exceeds the allowed throughput'), {
          name: 'ProvisionedThroughputExceededException',
          $fault: 'client',
          $metadata: { httpStatusCode: 400 },
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'testFaults' },
  );
  const membershipYear = options.membershipYear ?? 2026;
  await createTables(client, { tableSuffix: suffix });
  if (membershipYear !== 2026) await createTables(client, { tableSuffix: suffix, membershipYear });
  const tables = resolveTables({ tableSuffix: suffix, membershipYear });

  const clock = offsetClock();
  const local = createStripeLocal({
    clock: () => clock.now(),
    retry: { attempts: 4, baseDelayMs: 50, maxDelayMs: 500, timeoutMs: 5_000 },
    sweepIntervalMs: 200,
    ...options.stripeLocal,
  });
  const { port: stripePort } = await local.listen(0);
  const stripeRequests: StripeRequest[] = [];
  const capturingFetch: typeof fetch = async (input, init) => {
    stripeRequests.push({
      method: init?.method ?? 'GET',
      url: String(input),
      body: typeof init?.body === 'string' ? init.body : '',
    });
    return fetch(input, init);
  };
  const stripe = new Stripe('sk_test_http_adapter', {
    host: '127.0.0.1',
    port: stripePort,
    protocol: 'http',
    maxNetworkRetries: 0,
    httpClient: Stripe.createFetchHttpClient(capturingFetch),
  });

  const logs = captureLogger();
  const identity = fakeIdentity();
  const baseDeps: PaymentsHandlerDeps = {
    ...createDynamoStores(doc, { tableSuffix: suffix, membershipYear }),
    gateway: createStripeGateway(stripe),
    identity,
    clock,
    ids: createProfileIdGenerator(),
    logger: logs.logger,
    tokens: options.tokens ?? sharedPoolVerifier(),
  };
  const deps = options.wrapDeps ? options.wrapDeps(baseDeps) : baseDeps;
  // Every answer of the stack is recorded and checked against GET /openapi.json when it closes.
  const answers: RecordedResponse[] = [];
  const config: PaymentsHandlerConfig = {
    allowedRedirectOrigins: ['http://localhost:3000'],
    clientUrl: CLIENT_URL,
    webhookSecrets: [WEBHOOK_SECRET],
    cancelWebhookSecrets: [CANCEL_SECRET],
    membershipYear,
    ...options.config,
  };
  const payments = createPaymentsHandler(deps, config);
  const operations = createPaymentsOperations(deps, config);
  const handler = recordingResponses(payments, answers);
  const server = await listen(handler, { port: 0 });
  local.setWebhookEndpoints([
    { url: `${server.url}/payments/webhook`, secret: WEBHOOK_SECRET },
    { url: `${server.url}/payments/cancel`, secret: CANCEL_SECRET, types: ['checkout.session.expired'] },
  ]);

  const put = async (table: string, item: Record<string, unknown>) => {
    await doc.send(new PutCommand({ TableName: table, Item: JSON.parse(JSON.stringify(item)) }));
  };
  const scan = async (table: string) => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await doc.send(
        new ScanCommand({ TableName: table, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const allTables = [
    tables.events,
    tables.users,
    tables.members,
    tables.registrations,
    tables.profiles,
    tables.payments,
  ];

  return {
    url: server.url,
    handler,
    stripe,
    local,
    server,
    doc,
    tables,
    deps,
    operations,
    clock,
    logs,
    identity,
    stripeRequests,
    faults,
    calls,
    async call(method, path, body, given = {}) {
      const headers: Record<string, string> = { ...personalReadToken(method, path, given), ...given };
      if (headers.authorization === '') delete headers.authorization;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers: {
          // As the typed client asks: the object answer of POST /payments.
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
      return { status: response.status, headers: response.headers, body: parsed };
    },
    seedEvent: (event) => put(tables.events, { ...event }),
    seedUser: (user) => put(tables.users, { isMember: false, ...user, id: user.id.toLowerCase() }),
    put,
    scan,
    scanEverything: async () => (await Promise.all(allTables.map(scan))).flat(),
    async pay(sessionId, body) {
      local.pay(sessionId, body ?? {});
      await local.whenIdle();
    },
    async close() {
      await local.close();
      await server.close();
      client.destroy();
      const document = await (await payments(new Request('http://localhost/openapi.json'))).json();
      const problems = nonConformingResponses(document, answers);
      if (problems.length > 0) {
        throw new Error(`answers that do not match the OpenAPI document:\n${problems.join('\n')}`);
      }
    },
  };
}
