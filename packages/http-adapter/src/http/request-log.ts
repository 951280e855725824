import type { MiddlewareHandler } from 'hono';
import type { PaymentsEnv } from './payments-env.ts';

/**
 * The outermost middleware: times the request and writes its one log line
 * `{ level, requestId, method, route, status, outcome?, adminSub?, latencyMs }` once the answer is
 * known (`route` is the pattern, so no email lands in a log; `adminSub` is the Cognito `sub` of the
 * admin behind an `/admin` request, so who ran what — a reconcile pass included — can be found;
 * level `info` < 400 ≤ `warn` < 500 ≤ `error`), and makes sure the answer carries `x-request-id`.
 */
export const requestLog: MiddlewareHandler<PaymentsEnv> = async (c, next) => {
  const started = Date.now();
  await next();
  const requestId = c.var.requestId ?? 'unknown';
  try {
    c.res.headers.set('x-request-id', requestId);
  } catch {
    // Some runtimes hand back responses with immutable headers; the body still goes out.
  }
  const outcome = c.var.outcome;
  const adminSub = c.var.caller?.sub;
  const line = {
    requestId,
    method: c.req.method,
    route: c.var.route ?? 'unmatched',
    status: c.res.status,
    ...(outcome === undefined ? {} : { outcome }),
    ...(adminSub === undefined ? {} : { adminSub }),
    latencyMs: Date.now() - started,
  };
  const { logger } = c.var;
  if (c.res.status >= 500) logger.error(line);
  else if (c.res.status >= 400) logger.warn(line);
  else logger.info(line);
};
