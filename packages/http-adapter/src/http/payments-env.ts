import type { Context } from 'hono';
import type { RequestIdVariables } from 'hono/request-id';
import type { Caller } from '../auth/caller.ts';
import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import type { PaymentsLogger } from '../logger.ts';
import type { RouteContext } from '../routes/route-context.ts';

/** What every request of the payments app carries through its middleware, set once per request. */
export interface PaymentsVariables extends RequestIdVariables {
  deps: PaymentsHandlerDeps;
  config: ResolvedConfig;
  logger: PaymentsLogger;
  /** The matched route's pattern, e.g. `/registrations/{email}/{eventID}/{year}`: the log line's `route`. */
  route?: string;
  /** The business outcome for the log line (`applied`, `duplicate`, `checkout`, ...). */
  outcome?: string;
  /** Set when the request's deadline answered first; the route keeps running in the background. */
  late?: boolean;
  /** The answer of a route that finished after its deadline, for the log line saying how it ended. */
  lateResponse?: Response;
  /** The verified caller of a route behind a token guard (`adminOnly`). */
  caller?: Caller;
}

/** The Hono environment of the payments app. */
export interface PaymentsEnv {
  Variables: PaymentsVariables;
}

/** The route context the flows take (request, params, ports, settings), built from Hono's. */
export function routeContextOf(c: Context<PaymentsEnv>): RouteContext {
  return {
    request: c.req.raw,
    params: c.req.param() as Record<string, string>,
    deps: c.var.deps,
    config: c.var.config,
    logger: c.var.logger,
    requestId: c.var.requestId,
    setOutcome: (outcome) => c.set('outcome', outcome),
  };
}

/** Headers of every JSON answer: every answer here is about live state, so nothing is cached. */
export const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
} as const;
