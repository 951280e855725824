import {
  DEFAULT_READINESS_CACHE_MS,
  DEFAULT_READINESS_TIMEOUT_MS,
  DEFAULT_REQUEST_DEADLINE_MS,
} from '../config.ts';

/** Timeouts of an AWS SDK v3 client (DynamoDB, Cognito). */
export interface AwsClientTimeouts {
  /** Longest wait for a TCP (and TLS) connection, per attempt. */
  connectionTimeoutMs: number;
  /** Longest wait for the whole answer of one attempt (sent with `throwOnRequestTimeout`). */
  requestTimeoutMs: number;
  /** Attempts per call, the first included (the SDK's standard retry mode, with backoff). */
  maxAttempts: number;
}

/** Timeouts of the Stripe SDK. */
export interface StripeTimeouts {
  /** Longest wait for one HTTP attempt (the SDK's `timeout`). */
  timeoutMs: number;
  /** Retries after a network error or a retryable answer (the SDK's `maxNetworkRetries`), with idempotency keys. */
  maxNetworkRetries: number;
}

/**
 * Every time budget of the service, in one place: the composition root builds the clients and the
 * handler from it. See the http adapter README, "Timeouts", for why these numbers.
 */
export interface DependencyTimeouts {
  /** The overall budget of one request (the handler's `requestDeadlineMs`). */
  requestDeadlineMs: number;
  dynamodb: AwsClientTimeouts;
  cognito: AwsClientTimeouts;
  stripe: StripeTimeouts;
  /** `GET /health/ready`: per-probe timeout and how long an answer is reused. */
  readiness: { timeoutMs: number; cacheMs: number };
}

/** Parts of {@link DependencyTimeouts} to change; the rest keep their defaults. */
export interface DependencyTimeoutOverrides {
  requestDeadlineMs?: number;
  dynamodb?: Partial<AwsClientTimeouts>;
  cognito?: Partial<AwsClientTimeouts>;
  stripe?: Partial<StripeTimeouts>;
  readiness?: Partial<DependencyTimeouts['readiness']>;
}

/**
 * The defaults. A request must answer well inside both the ~10 s a Stripe webhook delivery waits and
 * the 25 s Lambda timeout of the deployment:
 * - the request deadline (8 s) is the backstop whatever a route does;
 * - each outside call fails on its own before that when its dependency stalls: DynamoDB answers in
 *   milliseconds, so 2 s without an answer is a fault (3 attempts: 6 s worst case plus backoff);
 *   Stripe gets 3 s per attempt and one retry (about 6.5 s); Cognito 3 s and one retry.
 */
export const DEFAULT_DEPENDENCY_TIMEOUTS: DependencyTimeouts = {
  requestDeadlineMs: DEFAULT_REQUEST_DEADLINE_MS,
  dynamodb: { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 3 },
  cognito: { connectionTimeoutMs: 1_000, requestTimeoutMs: 3_000, maxAttempts: 2 },
  stripe: { timeoutMs: 3_000, maxNetworkRetries: 1 },
  readiness: { timeoutMs: DEFAULT_READINESS_TIMEOUT_MS, cacheMs: DEFAULT_READINESS_CACHE_MS },
};

function checked<T extends object>(what: string, value: T, minimums: Partial<Record<keyof T, number>>): T {
  for (const [name, n] of Object.entries(value) as Array<[string, unknown]>) {
    const min = minimums[name as keyof T] ?? 1;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min) {
      throw new TypeError(`timeouts.${what}${name} must be an integer of at least ${min}, got ${String(n)}`);
    }
  }
  return value;
}

/**
 * Fills in the defaults and checks every number.
 *
 * @throws TypeError naming the first value that is not a positive integer (`maxNetworkRetries` and
 *   `readiness.cacheMs` may be 0)
 */
export function resolveDependencyTimeouts(overrides: DependencyTimeoutOverrides = {}): DependencyTimeouts {
  const d = DEFAULT_DEPENDENCY_TIMEOUTS;
  return {
    ...checked('', { requestDeadlineMs: overrides.requestDeadlineMs ?? d.requestDeadlineMs }, {}),
    dynamodb: checked('dynamodb.', { ...d.dynamodb, ...overrides.dynamodb }, {}),
    cognito: checked('cognito.', { ...d.cognito, ...overrides.cognito }, {}),
    stripe: checked('stripe.', { ...d.stripe, ...overrides.stripe }, { maxNetworkRetries: 0 }),
    readiness: checked('readiness.', { ...d.readiness, ...overrides.readiness }, { cacheMs: 0 }),
  };
}

/** AWS SDK v3 client options for these timeouts (the SDK builds its `NodeHttpHandler` from them). */
export function awsClientTimeoutOptions(timeouts: AwsClientTimeouts) {
  return {
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeoutMs,
      requestTimeout: timeouts.requestTimeoutMs,
      // Without it, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
    },
  };
}

/** Stripe SDK options for these timeouts. */
export function stripeTimeoutOptions(timeouts: StripeTimeouts) {
  return { timeout: timeouts.timeoutMs, maxNetworkRetries: timeouts.maxNetworkRetries };
}
