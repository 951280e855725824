/** The `type` values of Stripe's error object that this server produces. */
export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error';

/** The JSON body Stripe sends with every error response. */
export interface StripeErrorBody {
  error: {
    type: StripeErrorType;
    message: string;
    param?: string;
    code?: string;
    decline_code?: string;
    doc_url?: string;
  };
}

/** Optional details of a {@link StripeLocalError}. */
export interface StripeLocalErrorDetails {
  /** The request parameter at fault, in Stripe's bracket notation, e.g. `line_items[0][quantity]`. */
  param?: string;
  /** Stripe's machine-readable error code, e.g. `parameter_missing` or `resource_missing`. */
  code?: string;
  /** Only for card errors: why the (simulated) card was declined. */
  declineCode?: string;
}

/**
 * An error that maps one-to-one onto a Stripe error response.
 *
 * Handlers throw it and the HTTP layer turns it into `{ error: { type, message, param?, code? } }` with
 * the matching status code, so the `stripe` SDK raises the same error classes it raises against Stripe.
 */
export class StripeLocalError extends Error {
  /** HTTP status code of the response. */
  readonly statusCode: number;
  /** Stripe's error `type`. */
  readonly type: StripeErrorType;
  /** The parameter at fault, when there is one. */
  readonly param: string | undefined;
  /** Stripe's error code, when there is one. */
  readonly code: string | undefined;
  /** The simulated decline reason of a card error. */
  readonly declineCode: string | undefined;

  constructor(
    statusCode: number,
    type: StripeErrorType,
    message: string,
    details: StripeLocalErrorDetails = {},
  ) {
    super(message);
    this.name = 'StripeLocalError';
    this.statusCode = statusCode;
    this.type = type;
    this.param = details.param;
    this.code = details.code;
    this.declineCode = details.declineCode;
  }

  /** The response body, shaped exactly like Stripe's (absent fields are left out, as Stripe does). */
  toBody(): StripeErrorBody {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.param !== undefined ? { param: this.param } : {}),
        ...(this.code !== undefined ? { code: this.code } : {}),
        // Stripe's codes have a documentation page; stripe-local's own (`stripe_local_…`) do not.
        ...(this.code !== undefined && !this.code.startsWith('stripe_local_')
          ? { doc_url: `https://stripe.com/docs/error-codes/${this.code.replaceAll('_', '-')}` }
          : {}),
        ...(this.declineCode !== undefined ? { decline_code: this.declineCode } : {}),
      },
    };
  }
}

/** A 400 `invalid_request_error`, the answer to nearly every bad parameter. */
export function invalidRequest(message: string, details: StripeLocalErrorDetails = {}): StripeLocalError {
  return new StripeLocalError(400, 'invalid_request_error', message, details);
}

/** A 400 `parameter_missing` error for a required parameter that was not sent. */
export function parameterMissing(param: string): StripeLocalError {
  return invalidRequest(`Missing required param: ${param}.`, { param, code: 'parameter_missing' });
}

/** A 400 `parameter_unknown` error, which Stripe raises for any parameter it does not know. */
export function parameterUnknown(param: string): StripeLocalError {
  return invalidRequest(
    `Received unknown parameter: ${param}. stripe-local supports only part of Stripe's API; see its README.`,
    { param, code: 'parameter_unknown' },
  );
}

/**
 * A 404 `resource_missing` error.
 *
 * @param objectName - Stripe's object name as it appears in the message, e.g. `checkout.session`.
 * @param id - the id that was not found.
 * @param param - the parameter that carried the id (`id` when it was in the path).
 */
export function resourceMissing(objectName: string, id: string, param: string): StripeLocalError {
  return new StripeLocalError(404, 'invalid_request_error', `No such ${objectName}: '${id}'`, {
    param,
    code: 'resource_missing',
  });
}

/** A 404 for a path or method this server does not serve, worded like Stripe's. */
export function unrecognizedUrl(method: string, path: string): StripeLocalError {
  return new StripeLocalError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). stripe-local serves only part of Stripe's API; see its README.`,
  );
}

/** A 401 for a request without an API key; Stripe reports it as an `invalid_request_error`. */
export function missingApiKey(): StripeLocalError {
  return new StripeLocalError(
    401,
    'invalid_request_error',
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
  );
}

/** A 401 for an API key this server does not accept. Only the key's tail is echoed, as Stripe does. */
export function invalidApiKey(key: string): StripeLocalError {
  const masked = key.length > 8 ? `${key.slice(0, 8)}${'*'.repeat(4)}${key.slice(-4)}` : '****';
  return new StripeLocalError(401, 'invalid_request_error', `Invalid API Key provided: ${masked}`, {
    code: 'api_key_invalid',
  });
}

/** A 400 `idempotency_error` for a key reused with a different request. */
export function idempotencyConflict(key: string): StripeLocalError {
  return new StripeLocalError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}

/** A 402 `card_error`: the simulated card was declined and nothing changed. */
export function cardDeclined(): StripeLocalError {
  return new StripeLocalError(402, 'card_error', 'Your card was declined.', {
    code: 'card_declined',
    declineCode: 'generic_decline',
  });
}
