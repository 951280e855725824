/**
 * Every error code this package answers with. Most are refusals of a request (4xx); the 5xx ones
 * are faults: `store_unavailable`, `gateway_unavailable`, `identity_unavailable` (the user pool's
 * keys could not be read) and `dependency_timeout` (the request's deadline ran out) may pass on a retry (503, so Stripe retries a webhook), `gateway_rejected` and `internal` will not.
 */
export type PaymentsHttpErrorCode =
  | 'invalid_json'
  | 'invalid_body'
  | 'invalid_params'
  | 'redirect_not_allowed'
  | 'invalid_signature'
  | 'identity_rejected'
  | 'not_found'
  | 'event_not_found'
  | 'registration_not_found'
  | 'user_not_found'
  | 'method_not_allowed'
  | 'already_registered'
  | 'already_paid'
  | 'already_member'
  | 'not_payable'
  | 'free_event'
  | 'event_full'
  | 'offer_not_found'
  | 'offer_lapsed'
  | 'missing_token'
  | 'invalid_token'
  | 'not_admin'
  | 'not_owner'
  | 'too_many_sessions'
  | 'change_refused'
  | 'command_refused'
  | 'queue_item_not_found'
  | 'queue_item_resolved'
  | 'not_honourable'
  | 'payload_too_large'
  | 'internal'
  | 'gateway_rejected'
  | 'store_unavailable'
  | 'gateway_unavailable'
  | 'dependency_timeout'
  | 'identity_unavailable';

/** One validation problem of a request body or path, as answered in `error.issues`. */
export interface RequestIssue {
  path: (string | number)[];
  message: string;
}

/** Extra fields of an error body besides `code` and `message`. */
export interface ErrorDetails {
  issues?: RequestIssue[];
  /**
   * The machine's reason for a `not_payable` or `command_refused` refusal, e.g.
   * `application_under_review`, `same_decision`.
   */
  reason?: string;
}

/**
 * Base class of every error this package throws. It knows its HTTP status, so a route can throw it
 * and the handler renders `{ error: { code, message, ...details } }`.
 *
 * @example
 * ```ts
 * throw new PaymentsHttpError('event_not_found', 404, 'no event blueprint 2026');
 * ```
 */
export class PaymentsHttpError extends Error {
  readonly code: PaymentsHttpErrorCode;
  readonly status: number;
  readonly retryable: boolean;
  readonly details: ErrorDetails;
  readonly headers: Record<string, string>;
  constructor(
    code: PaymentsHttpErrorCode,
    status: number,
    message: string,
    options: { cause?: unknown; details?: ErrorDetails; headers?: Record<string, string> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.retryable = status === 503;
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }
}

/**
 * Stripe (or whatever stands behind the gateway) failed. `gateway_unavailable` (connection errors,
 * rate limits, Stripe's 5xx) may pass on a retry and is answered with 503; `gateway_rejected`
 * (invalid request, authentication) will not and is answered with 502.
 */
export class GatewayError extends PaymentsHttpError {
  /** Stripe's error type (`StripeConnectionError`, ...) or code, for logs. */
  readonly gatewayType: string | undefined;
  constructor(
    code: 'gateway_unavailable' | 'gateway_rejected',
    message: string,
    options: { cause?: unknown; gatewayType?: string } = {},
  ) {
    const unavailable = code === 'gateway_unavailable';
    super(code, unavailable ? 503 : 502, message, {
      cause: options.cause,
      ...(unavailable ? { headers: { 'retry-after': '1' } } : {}),
    });
    this.gatewayType = options.gatewayType;
  }
}
