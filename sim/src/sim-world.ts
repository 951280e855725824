import { createMemoryStores, type EventRecord, type MemoryStores } from '@biztech/payments-core';
import {
  createPaymentsHandler,
  createPaymentsOperations,
  createProfileIdGenerator,
  type PaymentsHandler,
  type PaymentsHandlerConfig,
  type PaymentsHandlerDeps,
  type PaymentsOperations,
} from '@biztech/payments-http';
import {
  NO_FAULTS,
  type StripeLocal,
  type StripeLocalFaults,
  seededRandom,
  signatureHeader,
} from '@biztech/stripe-local';
import type Stripe from 'stripe';
import { type CapturedLogs, captureLogger } from '../../packages/http-adapter/test/support/capture-logger.ts';
import { adminTokens } from './admin-tokens.ts';
import { createInProcessStripe } from './in-process-stripe.ts';
import {
  type FaultTally,
  inScope,
  NO_STORE_FAULTS,
  type StoreFaultRates,
  withStoreFaults,
} from './store-faults.ts';
import { createStripeDeliveries, type StripeDeliveries } from './stripe-deliveries.ts';

export const WEBHOOK_SECRET = 'whsec_sim_webhook';
export const CANCEL_SECRET = 'whsec_sim_cancel';
export const CLIENT_URL = 'http://localhost:3000/';
export const MEMBERSHIP_YEAR = 2026;
/** 2026-09-01T00:00:00Z: simulated time starts here in every schedule. */
const START_MS = Date.UTC(2026, 8, 1);

/** What one schedule's faults are set to. */
export interface WorldFaults {
  store: StoreFaultRates;
  stripe: Required<StripeLocalFaults>;
}

/** An answer of the handler as a client saw it, or `'no answer'` when the process died mid-request. */
// biome-ignore lint/suspicious/noExplicitAny: steps read answer fields as a browser would, without a schema
export type Answer = { status: number; body: any } | 'no answer';

/** One simulated system: the whole handler on in-memory stores behind fault injectors, and a simulated Stripe. */
export interface SimWorld {
  seed: number;
  /** The schedule's own random numbers (actions, store faults, deliveries), from `seededRandom(seed)`. */
  random: () => number;
  clock: { now(): number; advance(ms: number): void };
  stores: MemoryStores;
  local: StripeLocal;
  stripe: Stripe;
  deps: PaymentsHandlerDeps;
  handler: PaymentsHandler;
  operations: PaymentsOperations;
  deliveries: StripeDeliveries;
  logs: CapturedLogs;
  faults: WorldFaults;
  tally: FaultTally & { answers5xx: number; noAnswer: number; statuses: Map<string, number> };
  event: EventRecord;
  /** Every password any request carried: none may be stored, logged or sent to Stripe. */
  passwords: string[];
  adminToken: string;
  /** A request through the whole handler, in its own crash scope. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  /** Collects new Stripe events and delivers what is due now. */
  deliver(): Promise<void>;
  /** A reconcile pass in its own crash scope; a pass that failed or crashed is `'failed'`. */
  reconcile(): Promise<Awaited<ReturnType<PaymentsOperations['reconcile']>> | 'failed'>;
}

/** Builds a world for `seed`: one paid event of a small capacity, faults as given. */
export function createSimWorld(seed: number, event: EventRecord, faults: WorldFaults): SimWorld {
  const random = seededRandom(seed);
  let now = START_MS;
  const clock = {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
  const stores = createMemoryStores({ membershipYear: MEMBERSHIP_YEAR });
  stores.seedEvent(event);
  const { local, stripe, gateway } = createInProcessStripe({
    clock: clock.now,
    faults: faults.stripe,
    // stripe-local's apiFail draws from its own stream of the seed, so an extra draw there never shifts the schedule.
    random: seededRandom(seed ^ 0x5eed),
  });
  const logs = captureLogger();
  const tally = {
    throttled: 0,
    lostResponses: 0,
    crashes: 0,
    answers5xx: 0,
    noAnswer: 0,
    statuses: new Map<string, number>(),
  };
  const tokens = adminTokens();
  const base: PaymentsHandlerDeps = {
    ...stores,
    gateway,
    identity: { signUp: async () => ({ created: true }) },
    clock,
    ids: createProfileIdGenerator({ randomInt: (max) => Math.floor(random() * max) }),
    logger: logs.logger,
    tokens: tokens.verifier,
  };
  const deps = withStoreFaults(base, () => faults.store, random, tally);
  const config: PaymentsHandlerConfig = {
    allowedRedirectOrigins: ['http://localhost:3000'],
    clientUrl: CLIENT_URL,
    webhookSecrets: [WEBHOOK_SECRET],
    cancelWebhookSecrets: [CANCEL_SECRET],
    membershipYear: MEMBERSHIP_YEAR,
  };
  const handler = createPaymentsHandler(deps, config);
  const operations = createPaymentsOperations(deps, config);

  const call: SimWorld['call'] = async (method, path, body, headers = {}) => {
    const answer = await inScope(async () => {
      const response = await handler(
        new Request(`http://sim.invalid${path}`, {
          method,
          headers: {
            // As the typed client asks: the object answer of POST /payments.
            prefer: 'return=representation',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
        }),
      );
      const text = await response.text();
      return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
    });
    const key = `${method} ${routeOf(path)} ${answer === 'no answer' ? answer : answer.status}`;
    tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
    if (answer === 'no answer') tally.noAnswer += 1;
    else if (answer.status >= 500) tally.answers5xx += 1;
    return answer;
  };

  const deliveries = createStripeDeliveries({
    local,
    routes: [
      { path: '/payments/webhook', secret: WEBHOOK_SECRET },
      { path: '/payments/cancel', secret: CANCEL_SECRET, types: ['checkout.session.expired'] },
    ],
    faults: () => faults.stripe,
    random,
    now: clock.now,
    async send(path, payload, secret) {
      const header = signatureHeader(payload, secret, Math.floor(clock.now() / 1000));
      const answer = await call('POST', path, payload, { 'stripe-signature': header });
      return answer === 'no answer' ? answer : answer.status;
    },
  });

  return {
    seed,
    random,
    clock,
    stores,
    local,
    stripe,
    deps,
    handler,
    operations,
    deliveries,
    logs,
    faults,
    tally,
    event,
    passwords: [],
    adminToken: tokens.adminToken('lead@ubcbiztech.com', `sim-admin-${seed}`, clock.now()),
    call,
    async deliver() {
      deliveries.collect();
      await deliveries.deliverDue(clock.now());
    },
    async reconcile() {
      const report = await inScope(() => operations.reconcile()).catch(() => 'failed' as const);
      return report === 'no answer' ? 'failed' : report;
    },
  };
}

/** A path with its record keys left out, to count answers per route. */
function routeOf(path: string): string {
  const [first = '', second = '', ...rest] = path.split('?')[0]?.split('/').filter(Boolean) ?? [];
  if (first === 'admin') return `/admin/${second}/…/${rest.at(-1) ?? ''}`;
  return `/${first}${second ? `/${second === 'webhook' || second === 'cancel' ? second : '…'}` : ''}`;
}

/** Turns every fault off: what the settling phase and the inspection run under. */
export function calm(world: SimWorld): void {
  world.faults.store = NO_STORE_FAULTS;
  world.faults.stripe = { ...NO_FAULTS };
  world.local.setFaults(NO_FAULTS);
}
