import { PaymentsError } from '@biztech/payments-core';
import { isRetryableStoreFault } from './store-errors.ts';

/** SES error names that mean "later": throttling and the sending quota. Others need a person. */
const RETRYABLE_SES_NAMES = new Set(['TooManyRequestsException', 'LimitExceededException']);

/** What is kept of the SDK's error: enough for an operator, nothing of the request. */
export interface SesFailure {
  /** The SES exception or network error name, e.g. `MessageRejected`, `TimeoutError`. */
  name: string;
  httpStatusCode?: number | undefined;
  requestId?: string | undefined;
}

/**
 * An email SES did not take. `gateway_unavailable` (retryable: throttling, quota, 5xx, network) or
 * `gateway_rejected` (an unverified sender, a rejected message, a suspended account). The outbox
 * retries either until it gives up and opens a `stuck_event`. The SDK's error is not kept as
 * `cause`: only {@link SesFailure} and a message with anything key-like redacted, so neither a log
 * line nor an outbox item's `lastError` can carry credentials.
 */
export class EmailSendError extends PaymentsError {
  readonly ses: SesFailure;
  constructor(code: 'gateway_unavailable' | 'gateway_rejected', message: string, ses: SesFailure) {
    super(code, message, { retryable: code === 'gateway_unavailable' });
    this.ses = ses;
  }
}

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * Access key ids (`AKIA…`, `ASIA…`) and long base64 runs (secret keys, session tokens, signatures)
 * become `[redacted]`. AWS messages do not carry them today; this keeps it so if one ever does.
 */
export function redactCredentials(text: string): string {
  return text
    .replace(/\b(?:AKIA|ASIA|AIDA|AROA)[A-Z0-9]{12,}\b/g, '[redacted]')
    .replace(/[A-Za-z0-9+/=]{32,}/g, '[redacted]');
}

/** Translates a failed `SendEmail` into an {@link EmailSendError}. */
export function emailSendError(error: unknown, operation: string): EmailSendError {
  if (error instanceof EmailSendError) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const detail = typeof e.message === 'string' ? e.message : String(error);
  const code = typeof e.code === 'string' && e.code !== name ? ` ${e.code}` : '';
  const ses: SesFailure = {
    name,
    httpStatusCode: e.$metadata?.httpStatusCode,
    requestId: e.$metadata?.requestId,
  };
  const retryable = RETRYABLE_SES_NAMES.has(name) || isRetryableStoreFault(error);
  const message = redactCredentials(`${operation} failed (${name}${code}: ${detail})`);
  return new EmailSendError(retryable ? 'gateway_unavailable' : 'gateway_rejected', message, ses);
}
