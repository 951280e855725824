import type { PaymentsHandler } from '@biztech/payments-http';

/** Where a failed start is reported; one structured line, like the handler's own logs. */
export type StartFailureLog = (line: Record<string, unknown>) => void;

const UNAVAILABLE = JSON.stringify({
  error: { code: 'unavailable', message: 'the payments service could not start; see the function logs' },
});

/**
 * A handler that builds the real one on its first request and reuses it afterwards. Building
 * needs network reads (the secrets), which must not run at import time; a failure answers `503`
 * (Stripe then retries its webhook) and the next request tries again, so a throttled or briefly
 * unreachable Secrets Manager heals without a redeploy.
 *
 * @example
 * ```ts
 * export const handler = createLambdaHandler(deferredHandler(async () => createPaymentsFromEnv(env).handler));
 * ```
 */
export function deferredHandler(
  start: () => Promise<PaymentsHandler>,
  log: StartFailureLog = (line) => console.error(JSON.stringify(line)),
): PaymentsHandler {
  let ready: Promise<PaymentsHandler> | undefined;
  return async (request) => {
    ready ??= start();
    let handler: PaymentsHandler;
    try {
      handler = await ready;
    } catch (error) {
      ready = undefined;
      // Messages of the start-up errors name variables, ARNs and parameters, never values.
      log({
        level: 'error',
        msg: 'payments start failed',
        error: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      });
      return new Response(UNAVAILABLE, { status: 503, headers: { 'content-type': 'application/json' } });
    }
    return handler(request);
  };
}
