import { DEFAULT_MAX_SESSIONS_PER_EMAIL_HOUR, type PaymentResponseStyle } from '../config.ts';

/** The environment variables the composition root reads, by name. */
export type PaymentsEnv = Record<string, string | undefined>;

/** Where the Stripe SDK should connect when `STRIPE_API_BASE` is set. */
export interface StripeApiBase {
  host: string;
  port: number;
  protocol: 'http' | 'https';
}

/** Everything the composition root needs, read from an environment object (not from `process.env`). */
export interface PaymentsSettings {
  port: number;
  stripeSecretKey: string;
  stripeApiBase: StripeApiBase | undefined;
  webhookSecrets: string[];
  cancelWebhookSecrets: string[];
  dynamoEndpoint: string | undefined;
  tableSuffix: string;
  allowedRedirectOrigins: string[];
  clientUrl: string;
  membershipYear: number;
  awsRegion: string;
  cognito: { userPoolId: string; clientId: string; clientSecret?: string; endpoint?: string } | undefined;
  paymentResponse: PaymentResponseStyle;
  /** `MAX_SESSIONS_PER_EMAIL_HOUR`: new checkout sessions one email may open per hour (default 10). */
  maxSessionsPerEmailPerHour: number;
  autoRefund: boolean;
  basePath: string | undefined;
  /** Emails through SES v2 when `EMAIL_FROM` is set (`SES_ENDPOINT` for aws-ses-v2-local); none otherwise. */
  email: { from: string; endpoint?: string } | undefined;
  /** The API's public base URL (`PUBLIC_API_URL`), for links in emails. */
  publicApiUrl: string | undefined;
  /** `WAITLIST_OFFER_HOURS`: how long a seat offered from the waitlist is held (default 24). */
  waitlistOfferHours: number;
  /** `ADMIN_EMAIL_DOMAIN`: verified addresses exactly on it are admins (default `ubcbiztech.com`). */
  adminEmailDomain: string;
}

/** Raised when required settings are missing or malformed; `problems` names each one. */
export class PaymentsConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`payments configuration is incomplete:\n  - ${problems.join('\n  - ')}`);
    this.name = 'PaymentsConfigError';
    this.problems = problems;
  }
}

const value = (env: PaymentsEnv, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v === undefined || v === '' ? undefined : v;
};
const list = (text: string | undefined): string[] =>
  (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

/**
 * Parses a Stripe-compatible API base such as `http://127.0.0.1:12111` into the SDK's
 * `{ host, port, protocol }`.
 */
export function parseStripeApiBase(text: string): StripeApiBase {
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TypeError('STRIPE_API_BASE must be http(s)');
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443, protocol };
}

/**
 * Reads the settings from an environment object. Today's variable names work too:
 * `STRIPE_DEV_KEY`/`STRIPE_PROD_KEY`, `STRIPE_DEV_ENDPOINT`/`STRIPE_PROD_ENDPOINT` and
 * `STRIPE_DEV_CANCEL`/`STRIPE_PROD_CANCEL`, chosen by `ENVIRONMENT=PROD`.
 *
 * @param options.identityProvided true when the caller brings its own identity provider (Cognito settings are then optional)
 * @throws PaymentsConfigError listing every missing or malformed variable
 */
export function readPaymentsSettings(
  env: PaymentsEnv,
  options: { identityProvided?: boolean } = {},
): PaymentsSettings {
  const problems: string[] = [];
  const prod = value(env, 'ENVIRONMENT') === 'PROD';
  const legacy = (dev: string, prodName: string) => value(env, prod ? prodName : dev);

  const stripeSecretKey = value(env, 'STRIPE_SECRET_KEY') ?? legacy('STRIPE_DEV_KEY', 'STRIPE_PROD_KEY');
  if (!stripeSecretKey) {
    problems.push(`STRIPE_SECRET_KEY (or ${prod ? 'STRIPE_PROD_KEY' : 'STRIPE_DEV_KEY'}) is required`);
  }
  const webhookSecrets = list(
    value(env, 'STRIPE_WEBHOOK_SECRET') ?? legacy('STRIPE_DEV_ENDPOINT', 'STRIPE_PROD_ENDPOINT'),
  );
  if (webhookSecrets.length === 0) {
    problems.push(
      `STRIPE_WEBHOOK_SECRET (or ${prod ? 'STRIPE_PROD_ENDPOINT' : 'STRIPE_DEV_ENDPOINT'}) is required`,
    );
  }
  const cancelText =
    value(env, 'STRIPE_CANCEL_WEBHOOK_SECRET') ?? legacy('STRIPE_DEV_CANCEL', 'STRIPE_PROD_CANCEL');
  const cancelWebhookSecrets = cancelText === undefined ? webhookSecrets : list(cancelText);

  const clientUrl = value(env, 'CLIENT_URL');
  if (!clientUrl)
    problems.push('CLIENT_URL is required (the frontend base URL, e.g. https://app.ubcbiztech.com/)');
  const allowed = list(value(env, 'ALLOWED_REDIRECT_ORIGINS'));
  let allowedRedirectOrigins = allowed;
  if (allowed.length === 0 && clientUrl) {
    try {
      allowedRedirectOrigins = [new URL(clientUrl).origin];
    } catch {
      problems.push(`CLIENT_URL is not a URL: ${clientUrl}`);
    }
  }

  let stripeApiBase: StripeApiBase | undefined;
  const apiBase = value(env, 'STRIPE_API_BASE');
  if (apiBase) {
    try {
      stripeApiBase = parseStripeApiBase(apiBase);
    } catch {
      problems.push(`STRIPE_API_BASE is not an http(s) URL: ${apiBase}`);
    }
  }

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const text = value(env, name);
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got ${text}`);
      return fallback;
    }
    return n;
  };
  const port = integer('PORT', 4000, 0, 65535);
  const offerHoursText = value(env, 'WAITLIST_OFFER_HOURS');
  const waitlistOfferHours = offerHoursText === undefined ? 24 : Number(offerHoursText);
  if (!Number.isFinite(waitlistOfferHours) || waitlistOfferHours <= 0) {
    problems.push(`WAITLIST_OFFER_HOURS must be a positive number of hours, got ${offerHoursText}`);
  }
  const membershipYear = integer('MEMBERSHIP_YEAR', 2026, 2000, 2200);

  const userPoolId = value(env, 'COGNITO_USER_POOL_ID');
  const clientId = value(env, 'COGNITO_CLIENT_ID');
  let cognito: PaymentsSettings['cognito'];
  if (userPoolId && clientId) {
    const clientSecret = value(env, 'COGNITO_CLIENT_SECRET');
    const endpoint = value(env, 'COGNITO_ENDPOINT');
    cognito = {
      userPoolId,
      clientId,
      ...(clientSecret ? { clientSecret } : {}),
      ...(endpoint ? { endpoint } : {}),
    };
  } else if (!options.identityProvided) {
    problems.push(
      'COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID are required (UserMember purchases sign users up)',
    );
  }

  const responseStyle = value(env, 'PAYMENT_RESPONSE') ?? 'negotiate';
  if (responseStyle !== 'negotiate' && responseStyle !== 'object' && responseStyle !== 'bare-string') {
    problems.push(`PAYMENT_RESPONSE must be "negotiate", "object" or "bare-string", got ${responseStyle}`);
  }
  const sessionsText = value(env, 'MAX_SESSIONS_PER_EMAIL_HOUR');
  const maxSessionsPerEmailPerHour =
    sessionsText === undefined ? DEFAULT_MAX_SESSIONS_PER_EMAIL_HOUR : Number(sessionsText);
  if (!Number.isInteger(maxSessionsPerEmailPerHour) || maxSessionsPerEmailPerHour <= 0) {
    problems.push(`MAX_SESSIONS_PER_EMAIL_HOUR must be a positive integer, got ${sessionsText}`);
  }

  const emailFrom = value(env, 'EMAIL_FROM');
  const sesEndpoint = value(env, 'SES_ENDPOINT');
  if (emailFrom !== undefined && !/^[^@\s<>]+@[^@\s<>]+$/.test(emailFrom)) {
    problems.push(`EMAIL_FROM must be an email address, got ${emailFrom}`);
  }
  const publicApiUrl = value(env, 'PUBLIC_API_URL');
  if (publicApiUrl !== undefined && !URL.canParse(publicApiUrl)) {
    problems.push(`PUBLIC_API_URL must be an absolute URL, got ${publicApiUrl}`);
  }

  const adminEmailDomain = (value(env, 'ADMIN_EMAIL_DOMAIN') ?? 'ubcbiztech.com').toLowerCase();
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(adminEmailDomain)) {
    problems.push(`ADMIN_EMAIL_DOMAIN must be a domain such as ubcbiztech.com, got ${adminEmailDomain}`);
  }

  if (problems.length > 0) throw new PaymentsConfigError(problems);
  return {
    port,
    stripeSecretKey: stripeSecretKey as string,
    stripeApiBase,
    webhookSecrets,
    cancelWebhookSecrets,
    dynamoEndpoint: value(env, 'DYNAMODB_ENDPOINT'),
    tableSuffix: value(env, 'TABLE_SUFFIX') ?? '',
    allowedRedirectOrigins,
    clientUrl: clientUrl as string,
    membershipYear,
    awsRegion: value(env, 'AWS_REGION') ?? value(env, 'AWS_DEFAULT_REGION') ?? 'us-west-2',
    cognito,
    paymentResponse: responseStyle as PaymentResponseStyle,
    maxSessionsPerEmailPerHour,
    autoRefund: value(env, 'AUTO_REFUND') === 'true',
    basePath: value(env, 'BASE_PATH'),
    email:
      emailFrom === undefined
        ? undefined
        : { from: emailFrom, ...(sesEndpoint ? { endpoint: sesEndpoint } : {}) },
    publicApiUrl,
    waitlistOfferHours,
    adminEmailDomain,
  };
}
