import { createHmac } from 'node:crypto';
import { eventTypeMatches, type StripeEvent } from './events.js';
import { chance, randomDelay, type StripeLocalFaults } from './faults.js';
import type { IdleTracker } from './idle.js';
import type { StripeLocalLogger } from './logger.js';

/** A URL that receives events, with the secret they are signed with. */
export interface WebhookEndpoint {
  url: string;
  /** Signing secret, conventionally `whsec_...`; any non-empty string works. */
  secret: string;
  /** Event types to send (exact, `*`, or a prefix such as `checkout.session.*`); all when absent. */
  types?: readonly string[];
}

/** Backoff for failed deliveries: attempt n waits `baseDelayMs * 2^(n-1)` (capped) before attempt n+1. */
export interface RetryOptions {
  /** Total tries per delivery, including the first. Default 5. */
  attempts?: number;
  /** Wait before the first retry; doubles each time. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound of one wait. Default 30 s. */
  maxDelayMs?: number;
  /** Give up on one attempt after this long, counting it as failed. Default 10 s. */
  timeoutMs?: number;
}

/** The retry settings used when none are given. */
export const DEFAULT_RETRY: Required<RetryOptions> = {
  attempts: 5,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
  timeoutMs: 10_000,
};

/** One HTTP attempt to deliver one event to one endpoint. */
export interface DeliveryAttempt {
  /** Groups the attempts of one delivery; a duplicate delivery has its own id. */
  deliveryId: number;
  eventId: string;
  eventType: string;
  endpointUrl: string;
  /** 1 for the first try. */
  attempt: number;
  /** True for the second copy sent by `duplicateDeliveries` or the `webhookDuplicate` fault. */
  duplicate: boolean;
  /** When the attempt started, from the server's clock (ms). */
  startedAt: number;
  /** The receiver's status code, or null when no response came (connection error, timeout). */
  status: number | null;
  /** True for a 2xx response. */
  ok: boolean;
  /** Why a response is missing, when it is. */
  error: string | null;
  /** The start of the receiver's response body (up to 2,000 characters), for debugging. */
  responseBody: string | null;
  /** Wait before the next attempt, or null when this was the last one. */
  retryInMs: number | null;
}

/**
 * The `Stripe-Signature` header for a payload: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.payload">`,
 * which `stripe.webhooks.constructEvent` verifies.
 */
export function signatureHeader(payload: string, secret: string, timestampSeconds: number): string {
  const signature = createHmac('sha256', secret)
    .update(`${timestampSeconds}.${payload}`, 'utf8')
    .digest('hex');
  return `t=${timestampSeconds},v1=${signature}`;
}

/** Checks endpoint configuration early, so a typo fails at start-up rather than at the first payment. */
export function validateEndpoints(endpoints: readonly WebhookEndpoint[]): WebhookEndpoint[] {
  return endpoints.map((endpoint) => {
    const url = new URL(endpoint.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`Webhook endpoint ${endpoint.url} must be an http(s) URL.`);
    }
    if (!endpoint.secret) throw new TypeError(`Webhook endpoint ${endpoint.url} needs a signing secret.`);
    return { ...endpoint, ...(endpoint.types ? { types: [...endpoint.types] } : {}) };
  });
}

/** Dependencies and settings of a {@link WebhookDispatcher}. */
export interface WebhookDispatcherOptions {
  endpoints: readonly WebhookEndpoint[];
  retry: Required<RetryOptions>;
  duplicateDeliveries: boolean;
  /** The fault knobs in force (read at each dispatch, so they can change while running). */
  faults: () => Required<StripeLocalFaults>;
  /** Source of randomness for the fault knobs, in [0, 1). */
  random: () => number;
  /** Time source (ms) for signature timestamps and `startedAt` in the attempt log. */
  clock: () => number;
  logger: StripeLocalLogger;
  idle: IdleTracker;
  /** Called once per endpoint that acknowledged an event, to keep `pending_webhooks` right. */
  onAcknowledged: (eventId: string) => void;
}

interface Delivery {
  id: number;
  event: StripeEvent;
  endpoint: WebhookEndpoint;
  duplicate: boolean;
}

/**
 * Sends events to webhook endpoints in the background, signed and retried like Stripe.
 *
 * Deliveries to one endpoint go one at a time in event order (a failing event holds back later ones
 * while it is retried), which keeps local runs predictable; Stripe itself does not promise any order.
 */
export class WebhookDispatcher {
  readonly #options: WebhookDispatcherOptions;
  #endpoints: WebhookEndpoint[];
  readonly #queues = new Map<string, Promise<void>>();
  readonly #log: DeliveryAttempt[] = [];
  readonly #timers = new Map<NodeJS.Timeout, () => void>();
  readonly #controllers = new Set<AbortController>();
  #nextId = 1;
  #closed = false;

  constructor(options: WebhookDispatcherOptions) {
    this.#options = options;
    this.#endpoints = validateEndpoints(options.endpoints);
  }

  /** Replaces the endpoints; deliveries already queued keep going to the endpoint they were queued for. */
  setEndpoints(endpoints: readonly WebhookEndpoint[]): void {
    this.#endpoints = validateEndpoints(endpoints);
  }

  /** The configured endpoints. */
  endpoints(): WebhookEndpoint[] {
    return this.#endpoints.map((endpoint) => ({ ...endpoint }));
  }

  /** The endpoints that subscribe to an event type. */
  endpointsFor(type: string): WebhookEndpoint[] {
    return this.#endpoints.filter(
      (endpoint) => !endpoint.types || endpoint.types.some((pattern) => eventTypeMatches(type, pattern)),
    );
  }

  /**
   * Queues an event for every subscribed endpoint and returns at once.
   *
   * Fault knobs apply here, drawing random numbers in this order: one for `webhookDrop` per event, then
   * per endpoint one for `webhookDuplicate` and one `webhookDelayMs` wait per delivery (the original, then
   * the copy). A knob at 0 or 1 draws nothing.
   *
   * @returns the number of endpoints the event goes to (Stripe's `pending_webhooks`).
   */
  dispatch(event: StripeEvent): number {
    if (this.#closed) return 0;
    const endpoints = this.endpointsFor(event.type);
    const faults = this.#options.faults();
    const { random, logger } = this.#options;
    if (endpoints.length > 0 && chance(faults.webhookDrop, random)) {
      // Stripe keeps the event (GET /v1/events lists it, pending_webhooks stays up): what a reconciler replays.
      logger.warn('stripe-local: webhook dropped (fault webhookDrop)', { event: event.id, type: event.type });
      return endpoints.length;
    }
    for (const endpoint of endpoints) {
      const copies = this.#options.duplicateDeliveries || chance(faults.webhookDuplicate, random) ? 2 : 1;
      for (let copy = 0; copy < copies; copy += 1) {
        const delivery = { id: this.#nextId++, event, endpoint, duplicate: copy > 0 };
        const delayMs = randomDelay(faults.webhookDelayMs, random);
        if (delayMs > 0) this.#enqueueLater(delivery, delayMs);
        else this.#enqueue(delivery);
      }
    }
    return endpoints.length;
  }

  /** Every attempt so far, oldest first. */
  deliveries(): DeliveryAttempt[] {
    return this.#log.map((attempt) => ({ ...attempt }));
  }

  /** Stops all deliveries: pending retries are dropped and requests in flight are aborted. */
  close(): void {
    this.#closed = true;
    for (const controller of this.#controllers) controller.abort();
    for (const [timer, wake] of this.#timers) {
      clearTimeout(timer);
      wake();
    }
    this.#timers.clear();
  }

  /**
   * Queues a delivery after a wait. Until then it holds no place in the endpoint's queue, so a later
   * event with a shorter wait goes first: that is how the `webhookDelayMs` fault reorders events.
   */
  #enqueueLater(delivery: Delivery, delayMs: number): void {
    this.#options.idle.begin();
    void this.#sleep(delayMs).then(() => {
      if (!this.#closed) this.#enqueue(delivery);
      this.#options.idle.end();
    });
  }

  #enqueue(delivery: Delivery): void {
    const key = `${delivery.endpoint.url}\n${delivery.endpoint.secret}`;
    const previous = this.#queues.get(key) ?? Promise.resolve();
    this.#options.idle.begin();
    const next = previous
      .then(() => this.#deliver(delivery))
      .catch((error: unknown) => {
        // #deliver handles its own failures; this only guards the queue against a bug breaking the chain.
        this.#options.logger.error('stripe-local: webhook delivery crashed', { error: String(error) });
      })
      .finally(() => {
        if (this.#queues.get(key) === next) this.#queues.delete(key);
        this.#options.idle.end();
      });
    this.#queues.set(key, next);
  }

  async #deliver(delivery: Delivery): Promise<void> {
    const { retry, clock, logger } = this.#options;
    // Stripe sends pretty-printed JSON; receivers must verify the exact bytes, so keep them as sent.
    const payload = JSON.stringify(delivery.event, null, 2);
    for (let attempt = 1; attempt <= retry.attempts && !this.#closed; attempt += 1) {
      const startedAt = clock();
      const outcome = await this.#post(delivery.endpoint, payload, Math.floor(startedAt / 1000));
      const last = outcome.ok || attempt === retry.attempts;
      const retryInMs = last ? null : Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      this.#log.push({
        deliveryId: delivery.id,
        eventId: delivery.event.id,
        eventType: delivery.event.type,
        endpointUrl: delivery.endpoint.url,
        attempt,
        duplicate: delivery.duplicate,
        startedAt,
        status: outcome.status,
        ok: outcome.ok,
        error: outcome.error,
        responseBody: outcome.body,
        retryInMs,
      });
      if (outcome.ok) {
        logger.info('stripe-local: webhook delivered', {
          event: delivery.event.id,
          type: delivery.event.type,
          url: delivery.endpoint.url,
          status: outcome.status,
          attempt,
        });
        if (!delivery.duplicate) this.#options.onAcknowledged(delivery.event.id);
        return;
      }
      if (retryInMs === null) {
        logger.warn('stripe-local: webhook delivery failed, giving up', {
          event: delivery.event.id,
          type: delivery.event.type,
          url: delivery.endpoint.url,
          status: outcome.status,
          error: outcome.error,
          attempts: attempt,
        });
        return;
      }
      logger.warn('stripe-local: webhook delivery failed, will retry', {
        event: delivery.event.id,
        url: delivery.endpoint.url,
        status: outcome.status,
        error: outcome.error,
        retryInMs,
      });
      await this.#sleep(retryInMs);
    }
  }

  async #post(
    endpoint: WebhookEndpoint,
    payload: string,
    timestampSeconds: number,
  ): Promise<{ ok: boolean; status: number | null; error: string | null; body: string | null }> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const timeout = setTimeout(() => controller.abort(new Error('timeout')), this.#options.retry.timeoutMs);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks) stripe-local',
          'stripe-signature': signatureHeader(payload, endpoint.secret, timestampSeconds),
        },
        body: payload,
        // Stripe does not follow redirects: a 3xx counts as a failed delivery.
        redirect: 'manual',
        signal: controller.signal,
      });
      const body = (await response.text()).slice(0, 2000);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, status: response.status, error: null, body };
    } catch (error) {
      const reason = controller.signal.aborted
        ? String(controller.signal.reason ?? 'aborted')
        : describe(error);
      return { ok: false, status: null, error: reason, body: null };
    } finally {
      clearTimeout(timeout);
      this.#controllers.delete(controller);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.set(timer, resolve);
    });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // fetch wraps the interesting part (ECONNREFUSED and friends) in `cause`.
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
