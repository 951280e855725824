import { GatewayError } from '../errors.ts';

interface StripeErrorShape {
  type?: string;
  code?: string;
  statusCode?: number;
  message?: string;
}

/** Stripe error types that a later retry may get past. */
const RETRYABLE_TYPES = new Set(['StripeConnectionError', 'StripeRateLimitError', 'StripeAPIError']);

/** Stripe's shape of an error, if it is one (by duck typing, so this file never loads the SDK). */
export function stripeErrorOf(error: unknown): StripeErrorShape | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as StripeErrorShape;
  return typeof e.type === 'string' && e.type.startsWith('Stripe') ? e : undefined;
}

/** True for Stripe's 404 `resource_missing`: the id names nothing. */
export function isResourceMissing(error: unknown): boolean {
  const e = stripeErrorOf(error);
  return e !== undefined && (e.code === 'resource_missing' || e.statusCode === 404);
}

/** True when Stripe refused an `Idempotency-Key` reused with other parameters. */
export function isIdempotencyConflict(error: unknown): boolean {
  const e = stripeErrorOf(error);
  return e !== undefined && (e.type === 'StripeIdempotencyError' || e.code === 'idempotency_key_in_use');
}

/**
 * Translates a failed Stripe call: connection errors, rate limits, Stripe's 5xx and lock timeouts
 * (409) become a retryable `gateway_unavailable`; anything else (invalid request, authentication,
 * permission) a `gateway_rejected`. Stripe's messages name parameters, never secrets.
 */
export function gatewayError(error: unknown, operation: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const e = stripeErrorOf(error);
  const status = e?.statusCode;
  const retryable =
    e === undefined ||
    RETRYABLE_TYPES.has(e.type ?? '') ||
    status === 409 ||
    status === 429 ||
    (status !== undefined && status >= 500);
  const why = e ? `${e.type}${e.code ? ` ${e.code}` : ''}: ${e.message ?? ''}` : 'unexpected failure';
  return new GatewayError(
    retryable ? 'gateway_unavailable' : 'gateway_rejected',
    `Stripe ${operation} failed (${why.trim()})`,
    { cause: error, gatewayType: e?.type },
  );
}
