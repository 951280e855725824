import { PaymentsError } from '@biztech/payments-core';
import { PaymentsHttpError } from '../errors.ts';
import { errorFields, type PaymentsLogger } from '../logger.ts';
import { errorResponse, json } from './json-response.ts';

/**
 * Turns anything a route threw into a response, so no input can crash the process:
 * - a `PaymentsHttpError` renders itself (4xx refusals, 502/503 gateway faults);
 * - core's retryable errors (store throttled, retries exhausted) → 503 `store_unavailable`, so a
 *   caller (Stripe included) retries;
 * - everything else → 500 `internal`, with no detail in the body; the log line has the error's name
 *   and message.
 */
export function faultResponse(error: unknown, logger: PaymentsLogger, requestId: string): Response {
  if (error instanceof PaymentsHttpError) {
    if (error.status >= 500) logger.error({ requestId, msg: 'request failed', ...errorFields(error) });
    return errorResponse(error);
  }
  if (error instanceof PaymentsError && error.retryable) {
    logger.error({ requestId, msg: 'store unavailable', ...errorFields(error) });
    return json(
      503,
      {
        error: { code: 'store_unavailable', message: 'the data store is unavailable; try again' },
      },
      { 'retry-after': '1' },
    );
  }
  logger.error({ requestId, msg: 'unexpected error', ...errorFields(error) });
  return json(500, { error: { code: 'internal', message: 'internal error' } });
}
