import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { routeApi } from './api.js';
import { authenticate } from './auth.js';
import { handleCheckout } from './checkout-routes.js';
import { invalidRequest, StripeLocalError } from './errors.js';
import type { StripeEvent } from './events.js';
import { chance, resolveFaults, type StripeLocalFaults } from './faults.js';
import { decodeForm, FormEncodingError, type FormObject } from './form-encoding.js';
import { readBody, sendJson } from './http.js';
import { IDEMPOTENCY_KEY_MAX_LENGTH, IdempotencyCache } from './idempotency.js';
import { IdleTracker } from './idle.js';
import { newId } from './ids.js';
import { type StripeLocalLogger, silentLogger } from './logger.js';
import {
  DEFAULT_PROMOTION_CODES,
  type PromotionCode,
  type PromotionCodeDefinition,
  PromotionCodes,
} from './promotion-codes.js';
import type { CheckoutSessionObject } from './sessions.js';
import { type PayOptions, type PayResult, StripeStore } from './store.js';
import {
  DEFAULT_RETRY,
  type DeliveryAttempt,
  type RetryOptions,
  WebhookDispatcher,
  type WebhookEndpoint,
} from './webhooks.js';

/** The port the local stack uses for this server (the contract's `STRIPE_PORT` default). */
export const DEFAULT_STRIPE_PORT = 12111;

/** The API version stamped on events: the one `stripe@23.1.0` pins. */
export const DEFAULT_API_VERSION = '2026-10-28.endive';

/** Options of {@link createStripeLocal}. Every one is optional. */
export interface StripeLocalOptions {
  /** Where events go. Each endpoint gets the events its `types` select, signed with its `secret`. */
  webhookEndpoints?: WebhookEndpoint[];
  /** The only API key accepted. Without it any `sk_test_`, `sk_local_` or `rk_test_` key is accepted. */
  apiKey?: string;
  /** Time source in milliseconds, for `created`, `expires_at`, expiry and signature timestamps. Default `Date.now`. */
  clock?: () => number;
  /**
   * Time source (ms) for the `t=` timestamp of webhook signatures. Default: `clock`, so a receiver that
   * shares the injected clock accepts them; pass `Date.now` when the receiver checks against real time.
   */
  signatureClock?: () => number;
  /** Base URL of the hosted checkout page in session `url`s. Default: the URL the server listens on. */
  publicUrl?: string;
  /**
   * Pay with a delayed payment method by default: paying completes the session with `payment_status: "unpaid"`,
   * then `checkout.session.async_payment_succeeded` (or `_failed` when paying with `fail`) follows.
   */
  asyncPayments?: boolean;
  /** How long a delayed payment takes to settle after checkout completes. Default 0: right after the response. */
  asyncPaymentDelayMs?: number;
  /** Deliver every event twice to each endpoint, to exercise receivers' idempotency (as `faults.webhookDuplicate: 1`). */
  duplicateDeliveries?: boolean;
  /**
   * Fault knobs for demos and chaos tests (dropped, duplicated, delayed webhooks; failing API calls).
   * All 0 (off) by default; change them while running with {@link StripeLocal.setFaults}.
   */
  faults?: StripeLocalFaults;
  /** Random numbers in [0, 1) for the fault knobs. Default `Math.random`; pass `seededRandom(seed)` in tests. */
  random?: () => number;
  /** Promotion codes customers can use. Default {@link DEFAULT_PROMOTION_CODES} (`HALFOFF`, `FREE100`). */
  promotionCodes?: PromotionCodeDefinition[];
  /** Backoff of failed webhook deliveries. Default 5 attempts, 200 ms doubling. */
  retry?: RetryOptions;
  /** How often open sessions are checked against `expires_at`, in ms. Default 1000; 0 turns the timer off. */
  sweepIntervalMs?: number;
  /** `api_version` of events. Default {@link DEFAULT_API_VERSION}. */
  apiVersion?: string;
  /** Where to report state changes and webhook outcomes. Default: silent. `console` works. */
  logger?: StripeLocalLogger;
}

/** Where a started server listens. */
export interface ListeningAddress {
  /** e.g. `http://127.0.0.1:12111`; use it as `STRIPE_API_BASE`. */
  url: string;
  port: number;
}

/** A local Stripe-compatible server and its inspection helpers. */
export interface StripeLocal {
  /** Starts listening. Port 0 picks a free port. Default port {@link DEFAULT_STRIPE_PORT}, host `127.0.0.1`. */
  listen(port?: number, host?: string): Promise<ListeningAddress>;
  /** Stops the server, the expiry timer and all webhook deliveries (pending retries are dropped). */
  close(): Promise<void>;
  /** The listening URL, or null before {@link StripeLocal.listen}. */
  readonly url: string | null;
  /** The request listener, for mounting on another `node:http` server. */
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
  /** Replaces the webhook endpoints (e.g. once the receiving server knows its port). */
  setWebhookEndpoints(endpoints: WebhookEndpoint[]): void;
  /** The current webhook endpoints. */
  webhookEndpoints(): WebhookEndpoint[];
  /** Resolves when no webhook delivery, retry or delayed payment is pending. */
  whenIdle(): Promise<void>;
  /** Every webhook delivery attempt so far, oldest first, with status codes and response bodies. */
  deliveries(): DeliveryAttempt[];
  /** Expires every open session past its `expires_at` now; returns their ids. */
  expireDue(): string[];
  /** Pays a session as the customer would (same as `POST /checkout/{id}/pay`). */
  pay(sessionId: string, options?: PayOptions): PayResult;
  /** Expires an open session (same as `POST /v1/checkout/sessions/{id}/expire`). */
  expireSession(sessionId: string): CheckoutSessionObject;
  /** A session as Stripe's JSON, or undefined when unknown. */
  getSession(sessionId: string): CheckoutSessionObject | undefined;
  /** All sessions, newest first. */
  sessions(): CheckoutSessionObject[];
  /** All events, newest first, optionally only those of one type. */
  events(type?: string): StripeEvent[];
  /** The promotion codes in use. */
  promotionCodes(): PromotionCode[];
  /** The fault knobs in force, every one filled in (0 = off). */
  faults(): Required<StripeLocalFaults>;
  /**
   * Replaces the fault knobs (absent ones become 0); applies to events and API calls from now on.
   *
   * @throws TypeError for a probability outside 0–1 or a delay that is not a non-negative integer.
   */
  setFaults(faults: StripeLocalFaults): void;
}

function hostForUrl(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Creates a local, in-memory Stripe-compatible server: Checkout Sessions, events, refunds, signed
 * webhooks with retries, and a hosted checkout page. The unmodified `stripe` SDK talks to it with
 * `new Stripe(key, { host: '127.0.0.1', port, protocol: 'http' })`.
 *
 * @throws TypeError for malformed webhook endpoints or promotion codes.
 */
export function createStripeLocal(options: StripeLocalOptions = {}): StripeLocal {
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? silentLogger;
  const idle = new IdleTracker();
  const asyncPayments = options.asyncPayments ?? false;
  let faults = resolveFaults(options.faults);
  const random = options.random ?? Math.random;
  if (typeof random !== 'function')
    throw new TypeError('random must be a function returning numbers in [0, 1).');
  let listeningUrl: string | null = null;
  const publicUrl = () => options.publicUrl ?? listeningUrl ?? 'http://127.0.0.1';

  // The dispatcher reports acknowledgements to the store, which is created after it; hence the late binding.
  let store: StripeStore | undefined;
  const dispatcher = new WebhookDispatcher({
    endpoints: options.webhookEndpoints ?? [],
    retry: { ...DEFAULT_RETRY, ...options.retry },
    duplicateDeliveries: options.duplicateDeliveries ?? false,
    faults: () => faults,
    random,
    clock: options.signatureClock ?? clock,
    logger,
    idle,
    onAcknowledged: (eventId) => store?.acknowledge(eventId),
  });
  const liveStore = new StripeStore({
    clock,
    publicUrl,
    promotionCodes: new PromotionCodes(options.promotionCodes ?? DEFAULT_PROMOTION_CODES),
    asyncPayments,
    asyncPaymentDelayMs: options.asyncPaymentDelayMs ?? 0,
    apiVersion: options.apiVersion ?? DEFAULT_API_VERSION,
    idle,
    logger,
    countEndpoints: (type) => dispatcher.endpointsFor(type).length,
    publish: (event) => {
      dispatcher.dispatch(event);
    },
  });
  store = liveStore;
  const idempotency = new IdempotencyCache(clock);

  async function handleApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const requestId = newId('req_', 14);
    const idempotencyKey = firstHeader(request.headers['idempotency-key']) ?? null;
    const headers: Record<string, string> = {
      'request-id': requestId,
      'stripe-version':
        firstHeader(request.headers['stripe-version']) ?? options.apiVersion ?? DEFAULT_API_VERSION,
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    };
    try {
      const apiKey = authenticate(firstHeader(request.headers.authorization), options.apiKey);
      const method = request.method ?? 'GET';
      let form: FormObject;
      try {
        form = decodeForm(method === 'POST' ? await readBody(request) : url.search);
      } catch (error) {
        if (error instanceof FormEncodingError)
          throw new StripeLocalError(400, 'invalid_request_error', error.message);
        throw error;
      }
      const endpoint = `${method} ${url.pathname}`;
      // Before the idempotency cache and the store: the call changes nothing and its key stays unused,
      // so the SDK's automatic retry (same key) is processed for real.
      if (chance(faults.apiFail, random)) {
        logger.warn('stripe-local: API call failed on purpose (fault apiFail)', { endpoint, requestId });
        throw new StripeLocalError(
          500,
          'api_error',
          'An unknown error occurred (stripe-local fault injection: apiFail). Nothing was changed; retry the request.',
        );
      }
      const useIdempotency = method === 'POST' && idempotencyKey !== null;
      if (useIdempotency && idempotencyKey.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
        throw invalidRequest(
          `Invalid Idempotency-Key: must be at most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, got ${idempotencyKey.length}.`,
          { code: 'parameter_invalid_string' },
        );
      }
      if (useIdempotency) {
        const replay = idempotency.lookup(apiKey, idempotencyKey, endpoint, form);
        if (replay) {
          sendJson(response, replay.status, replay.body, { ...headers, 'idempotent-replayed': 'true' });
          return;
        }
      }
      // Expiry is also checked on every request, so a session past expires_at never looks open.
      liveStore.expireDue();
      const result = routeApi({
        method,
        path: url.pathname,
        form,
        store: liveStore,
        request: { id: requestId, idempotency_key: idempotencyKey },
      });
      if (useIdempotency) idempotency.store(apiKey, idempotencyKey, endpoint, form, result);
      sendJson(response, result.status, result.body, headers);
    } catch (error) {
      if (!(error instanceof StripeLocalError)) throw error;
      sendJson(response, error.statusCode, error.toBody(), headers);
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stripe-local');
    if (url.pathname === '/health' && request.method === 'GET') {
      sendJson(response, 200, { ok: true });
      return;
    }
    if (url.pathname.startsWith('/v1/')) {
      await handleApi(request, response, url);
      return;
    }
    if (url.pathname.startsWith('/checkout/')) {
      try {
        if (await handleCheckout(request, response, url.pathname, { store: liveStore, asyncPayments }))
          return;
      } catch (error) {
        if (!(error instanceof StripeLocalError)) throw error;
        sendJson(response, error.statusCode, error.toBody());
        return;
      }
    }
    sendJson(response, 404, {
      error: {
        type: 'invalid_request_error',
        code: 'not_found',
        message: `No route for ${request.method} ${url.pathname}.`,
      },
    });
  }

  const handler = (request: IncomingMessage, response: ServerResponse): void => {
    handle(request, response).catch((error: unknown) => {
      logger.error('stripe-local: request failed', { url: request.url, error: String(error) });
      if (response.headersSent) {
        response.destroy();
        return;
      }
      sendJson(response, 500, {
        error: { type: 'api_error', message: 'stripe-local hit an internal error.' },
      });
    });
  };

  let server: Server | null = null;
  let sweeper: NodeJS.Timeout | null = null;
  let closed = false;

  return {
    async listen(port = DEFAULT_STRIPE_PORT, host = '127.0.0.1') {
      if (server) throw new Error('stripe-local is already listening.');
      if (closed) throw new Error('stripe-local has been closed.');
      const created = createServer(handler);
      server = created;
      try {
        await new Promise<void>((resolve, reject) => {
          created.once('error', reject);
          created.listen(port, host, () => {
            created.off('error', reject);
            resolve();
          });
        });
      } catch (error) {
        // A busy port must not leave the instance half-started: allow another listen() attempt.
        server = null;
        throw error;
      }
      const address = created.address() as AddressInfo;
      listeningUrl = `http://${hostForUrl(host)}:${address.port}`;
      const interval = options.sweepIntervalMs ?? 1000;
      if (interval > 0) {
        sweeper = setInterval(() => liveStore.expireDue(), interval);
        // The timer alone must not keep a process (or a test run) alive.
        sweeper.unref();
      }
      logger.info('stripe-local: listening', { url: listeningUrl });
      return { url: listeningUrl, port: address.port };
    },
    async close() {
      if (closed) return;
      closed = true;
      if (sweeper) clearInterval(sweeper);
      dispatcher.close();
      liveStore.close();
      idle.release();
      const running = server;
      if (!running) return;
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        // Keep-alive sockets (the SDK keeps connections open) would otherwise hold close() open.
        running.closeAllConnections();
      });
    },
    get url() {
      return listeningUrl;
    },
    handler,
    setWebhookEndpoints: (endpoints) => dispatcher.setEndpoints(endpoints),
    webhookEndpoints: () => dispatcher.endpoints(),
    whenIdle: () => (closed ? Promise.resolve() : idle.whenIdle()),
    deliveries: () => dispatcher.deliveries(),
    expireDue: () => liveStore.expireDue(),
    pay: (sessionId, payOptions) => liveStore.pay(sessionId, payOptions),
    expireSession: (sessionId) => liveStore.sessionObject(liveStore.expireSession(sessionId)),
    getSession(sessionId) {
      liveStore.expireDue();
      try {
        return liveStore.sessionObject(liveStore.session(sessionId));
      } catch {
        return undefined;
      }
    },
    sessions() {
      liveStore.expireDue();
      return liveStore.listSessions().map((session) => liveStore.sessionObject(session));
    },
    events: (type) => liveStore.listEvents(type ? { types: [type] } : {}),
    promotionCodes: () => liveStore.promotionCodes(),
    faults: () => ({ ...faults }),
    setFaults(next) {
      faults = resolveFaults(next);
    },
  };
}
