import { type ErrorDetails, PaymentsHttpError, type PaymentsHttpErrorCode } from '../errors.ts';

/** A JSON response with `cache-control: no-store`: every answer here is about live state. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** The contract's error body: `{ error: { code, message, issues?, reason? } }`. */
export function errorBody(code: PaymentsHttpErrorCode, message: string, details: ErrorDetails = {}) {
  return { error: { code, message, ...details } };
}

/** Renders a `PaymentsHttpError` as its response. */
export function errorResponse(error: PaymentsHttpError): Response {
  return json(error.status, errorBody(error.code, error.message, error.details), error.headers);
}

/** Shorthand for a refusal a route throws. */
export function httpError(
  code: PaymentsHttpErrorCode,
  status: number,
  message: string,
  details?: ErrorDetails,
): PaymentsHttpError {
  return new PaymentsHttpError(code, status, message, details ? { details } : {});
}
