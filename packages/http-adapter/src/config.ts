/**
 * The overall budget of one request when none is configured: below the ~10 s a Stripe webhook
 * delivery is given (so a stalled dependency ends in our `503`, which Stripe retries, not in its
 * timeout) and far below the deployment's 25 s Lambda timeout. See the README, "Timeouts".
 */
export const DEFAULT_REQUEST_DEADLINE_MS = 8_000;
/** How long `GET /health/ready` waits for each dependency, unless configured. */
export const DEFAULT_READINESS_TIMEOUT_MS = 1_000;
/** How long a readiness answer is reused, unless configured: probes cost a DynamoDB read each. */
export const DEFAULT_READINESS_CACHE_MS = 5_000;

/** How long a waitlist offer holds its seat, in hours, unless configured (CONTRACT §5). */
export const DEFAULT_WAITLIST_OFFER_HOURS = 24;

/**
 * How `POST /payments` answers. `'negotiate'` (default): today's shape, the checkout URL as a JSON
 * string, unless the request says `Prefer: return=representation` (RFC 7240), which gets the object
 * `{ url, sessionId, expiresAt }`. `'object'` and `'bare-string'` answer one shape whatever is asked.
 */
export type PaymentResponseStyle = 'negotiate' | 'object' | 'bare-string';

const PAYMENT_RESPONSE_STYLES: readonly PaymentResponseStyle[] = ['negotiate', 'object', 'bare-string'];

/** How many checkout sessions one email may open per hour unless configured (CONTRACT §2, `429`). */
export const DEFAULT_MAX_SESSIONS_PER_EMAIL_HOUR = 10;

/** Settings of {@link createPaymentsHandler}. Nothing here is read from the environment. */
export interface PaymentsHandlerConfig {
  /** Origins (`https://host[:port]`) allowed in `success_url` / `cancel_url` and answered with CORS headers. */
  allowedRedirectOrigins: string[];
  /** The frontend's base URL, e.g. `https://app.ubcbiztech.com/`; default success and cancel URLs start with it. */
  clientUrl: string;
  /** Signing secrets of `POST /payments/webhook`; several while a secret is rolled. */
  webhookSecrets: string[];
  /** Signing secrets of `POST /payments/cancel`. */
  cancelWebhookSecrets: string[];
  /** The membership year memberships are bought for (the `biztechMembers<year>` table). */
  membershipYear: number;
  /** Maximum age (and future skew) of a webhook signature's timestamp; 300 seconds unless given. */
  webhookToleranceSeconds?: number;
  /** The shape of `POST /payments` answers; `'negotiate'` (today's bare URL string unless `Prefer: return=representation`) unless given. */
  paymentResponse?: PaymentResponseStyle;
  /**
   * At most this many new checkout sessions per email per clock hour (a live session handed back
   * again does not count); beyond, `429 too_many_sessions`. {@link DEFAULT_MAX_SESSIONS_PER_EMAIL_HOUR} unless given.
   */
  maxSessionsPerEmailPerHour?: number;
  /** Refund money the machines could not use (a second payment of the same registration); default false: log only. */
  autoRefund?: boolean;
  /** Largest accepted JSON request body in bytes; 65536 unless given. Larger bodies get 413. */
  maxBodyBytes?: number;
  /** Largest accepted webhook body in bytes; 262144 unless given. */
  maxWebhookBytes?: number;
  /** A path prefix to strip before routing, e.g. `/prod` behind an API Gateway stage; none by default. */
  basePath?: string;
  /** Product name on membership checkouts; `BizTech Membership` unless given. */
  membershipProductName?: string;
  /** Product image on membership checkouts. */
  membershipImageUrl?: string;
  /**
   * The overall budget of one request in ms; when it runs out the answer is `503 dependency_timeout`
   * with `retry-after`. {@link DEFAULT_REQUEST_DEADLINE_MS} (8 s) unless given.
   */
  requestDeadlineMs?: number;
  /** How long `GET /health/ready` waits for each readiness probe; 1000 ms unless given. */
  readinessTimeoutMs?: number;
  /** How long a readiness answer is reused (0: never); 5000 ms unless given. */
  readinessCacheMs?: number;
  /**
   * How long a seat offered from the waitlist is held for its registrant, in hours (a positive
   * number; fractions allowed); {@link DEFAULT_WAITLIST_OFFER_HOURS} (24) unless given.
   */
  waitlistOfferHours?: number;
}

/** The configuration with every default filled in and every origin normalised. */
export interface ResolvedConfig {
  allowedOrigins: ReadonlySet<string>;
  clientUrl: string;
  webhookSecrets: string[];
  cancelWebhookSecrets: string[];
  membershipYear: number;
  webhookToleranceSeconds: number;
  paymentResponse: PaymentResponseStyle;
  maxSessionsPerEmailPerHour: number;
  autoRefund: boolean;
  maxBodyBytes: number;
  maxWebhookBytes: number;
  basePath: string;
  membershipProductName: string;
  membershipImageUrl: string | undefined;
  requestDeadlineMs: number;
  readinessTimeoutMs: number;
  readinessCacheMs: number;
  waitlistOfferHours: number;
}

const httpOrigin = (value: string, what: string): string => {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new TypeError(`${what} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${what} must use http or https, got "${value}"`);
  }
  return url.origin;
};

const positiveInteger = (value: number | undefined, fallback: number, what: string): number => {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n <= 0) throw new TypeError(`${what} must be a positive integer, got ${n}`);
  return n;
};

const positiveNumber = (value: number | undefined, fallback: number, what: string): number => {
  const n = value ?? fallback;
  if (!Number.isFinite(n) || n <= 0) throw new TypeError(`${what} must be a positive number, got ${n}`);
  return n;
};

const nonNegativeInteger = (value: number | undefined, fallback: number, what: string): number => {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`${what} must be a non-negative integer, got ${n}`);
  return n;
};

/**
 * Checks a handler configuration and fills in its defaults.
 *
 * @throws TypeError naming the first setting that is wrong, so a misconfigured deployment fails at start.
 */
export function resolveConfig(config: PaymentsHandlerConfig): ResolvedConfig {
  const clientOrigin = httpOrigin(config.clientUrl, 'clientUrl');
  const clientUrl = config.clientUrl.trim().endsWith('/')
    ? config.clientUrl.trim()
    : `${config.clientUrl.trim()}/`;
  const allowed = new Set(config.allowedRedirectOrigins.map((o) => httpOrigin(o, 'allowedRedirectOrigins')));
  // The default URLs start with clientUrl, so its origin is always allowed.
  allowed.add(clientOrigin);
  const secrets = (list: string[]) => list.map((s) => s.trim()).filter((s) => s.length > 0);
  const webhookSecrets = secrets(config.webhookSecrets);
  if (webhookSecrets.length === 0) throw new TypeError('webhookSecrets must hold at least one secret');
  const membershipYear = config.membershipYear;
  if (!Number.isInteger(membershipYear) || membershipYear < 2000 || membershipYear > 2200) {
    throw new TypeError(`membershipYear must be a year, got ${membershipYear}`);
  }
  const paymentResponse = config.paymentResponse ?? 'negotiate';
  if (!PAYMENT_RESPONSE_STYLES.includes(paymentResponse)) {
    throw new TypeError(
      `paymentResponse must be one of ${PAYMENT_RESPONSE_STYLES.join(', ')}, got "${String(paymentResponse)}"`,
    );
  }
  const basePath = (config.basePath ?? '').replace(/\/+$/, '');
  if (basePath !== '' && !basePath.startsWith('/')) throw new TypeError('basePath must start with "/"');
  return {
    allowedOrigins: allowed,
    clientUrl,
    webhookSecrets,
    cancelWebhookSecrets: secrets(config.cancelWebhookSecrets),
    membershipYear,
    webhookToleranceSeconds: positiveInteger(config.webhookToleranceSeconds, 300, 'webhookToleranceSeconds'),
    paymentResponse,
    maxSessionsPerEmailPerHour: positiveInteger(
      config.maxSessionsPerEmailPerHour,
      DEFAULT_MAX_SESSIONS_PER_EMAIL_HOUR,
      'maxSessionsPerEmailPerHour',
    ),
    autoRefund: config.autoRefund ?? false,
    maxBodyBytes: positiveInteger(config.maxBodyBytes, 64 * 1024, 'maxBodyBytes'),
    maxWebhookBytes: positiveInteger(config.maxWebhookBytes, 256 * 1024, 'maxWebhookBytes'),
    basePath,
    membershipProductName: config.membershipProductName ?? 'BizTech Membership',
    membershipImageUrl: config.membershipImageUrl,
    requestDeadlineMs: positiveInteger(
      config.requestDeadlineMs,
      DEFAULT_REQUEST_DEADLINE_MS,
      'requestDeadlineMs',
    ),
    readinessTimeoutMs: positiveInteger(
      config.readinessTimeoutMs,
      DEFAULT_READINESS_TIMEOUT_MS,
      'readinessTimeoutMs',
    ),
    readinessCacheMs: nonNegativeInteger(
      config.readinessCacheMs,
      DEFAULT_READINESS_CACHE_MS,
      'readinessCacheMs',
    ),
    waitlistOfferHours: positiveNumber(
      config.waitlistOfferHours,
      DEFAULT_WAITLIST_OFFER_HOURS,
      'waitlistOfferHours',
    ),
  };
}
