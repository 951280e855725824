import { type PaymentsHandlerConfig, resolveConfig } from './config.ts';
import type { PaymentsHandlerDeps } from './deps.ts';
import { corsHeaders, preflightResponse } from './http/cors.ts';
import { runWithDeadline } from './http/deadline.ts';
import { faultResponse } from './http/fault-response.ts';
import { json } from './http/json-response.ts';
import { requestIdOf } from './http/request-id.ts';
import { createRouter } from './http/router.ts';
import { consoleLogger, safeLogger } from './logger.ts';
import { paymentRoutes } from './routes/all-routes.ts';
import { createReadinessRoute } from './routes/health-ready.ts';

/** A web-standard request handler: the same function runs behind Node, Lambda or any fetch server. */
export type PaymentsHandler = (request: Request) => Promise<Response>;

const errorJson = (status: number, code: string, message: string, headers: Record<string, string> = {}) =>
  json(status, { error: { code, message } }, headers);

/**
 * Creates the payments API of the contract (section 2) as one `fetch`-style handler:
 * `POST /registrations`, `POST /payments`, `POST /payments/webhook`, `POST /payments/cancel`,
 * `GET /payments/sessions/{sessionId}`, `GET /registrations/{email}/{eventID}/{year}`,
 * `GET /memberships/{email}`, `GET /health` and `GET /health/ready`, plus CORS preflights.
 *
 * It never throws: every failure becomes a JSON error response, and each request writes one
 * structured log line `{ level, requestId, method, route, status, outcome?, latencyMs }`.
 * Every route runs against `requestDeadlineMs`; when that runs out first the answer is
 * `503 dependency_timeout` with `retry-after`.
 *
 * @throws TypeError at creation when the configuration is invalid
 * @example
 * ```ts
 * import Stripe from 'stripe';
 * import { createMemoryStores } from '@biztech/payments-core';
 * import { createPaymentsHandler, createStripeGateway } from '@biztech/payments-http';
 *
 * const stores = createMemoryStores();
 * const handler = createPaymentsHandler(
 *   { ...stores, gateway: createStripeGateway(new Stripe(key)), identity, clock: { now: Date.now }, ids },
 *   { allowedRedirectOrigins: ['https://app.ubcbiztech.com'], clientUrl: 'https://app.ubcbiztech.com/',
 *     webhookSecrets: ['whsec_...'], cancelWebhookSecrets: ['whsec_...'], membershipYear: 2026 },
 * );
 * const response = await handler(new Request('http://localhost/health'));
 * ```
 */
export function createPaymentsHandler(
  deps: PaymentsHandlerDeps,
  config: PaymentsHandlerConfig,
): PaymentsHandler {
  const settings = resolveConfig(config);
  const logger = safeLogger(deps.logger ?? consoleLogger);
  const router = createRouter([...paymentRoutes, createReadinessRoute()]);

  return async function handle(request: Request): Promise<Response> {
    const started = Date.now();
    let requestId = 'unknown';
    let routeName = 'unmatched';
    let outcome: string | undefined;
    let response: Response;
    try {
      requestId = requestIdOf(request);
      const url = new URL(request.url);
      let path = url.pathname;
      if (settings.basePath && (path === settings.basePath || path.startsWith(`${settings.basePath}/`))) {
        path = path.slice(settings.basePath.length) || '/';
      }
      const method = request.method.toUpperCase();
      const match = router.match(method === 'HEAD' ? 'GET' : method, path);
      if (match.kind === 'found') routeName = match.route.pattern;
      else if (match.kind === 'method_not_allowed') routeName = match.pattern;
      if (method === 'OPTIONS' && match.kind !== 'not_found' && match.kind !== 'bad_path') {
        response = preflightResponse(request, settings);
      } else if (match.kind === 'found') {
        const { route, params } = match;
        const run = await runWithDeadline(
          () =>
            route.handle({
              request,
              params,
              deps,
              config: settings,
              logger,
              requestId,
              setOutcome: (o) => {
                outcome = o;
              },
            }),
          settings.requestDeadlineMs,
          { logger, requestId, route: routeName },
        );
        response = run.response;
        if (run.timedOut) outcome = 'dependency_timeout';
      } else if (match.kind === 'method_not_allowed') {
        response = errorJson(405, 'method_not_allowed', `${method} is not allowed here`, {
          allow: match.allow.join(', '),
        });
      } else if (match.kind === 'bad_path') {
        response = errorJson(400, 'invalid_params', 'the path is not validly encoded');
      } else {
        response = errorJson(404, 'not_found', 'no such route');
      }
    } catch (error) {
      response = faultResponse(error, logger, requestId);
    }
    try {
      const headers = corsHeaders(request, settings);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      response.headers.set('x-request-id', requestId);
    } catch {
      // Some runtimes hand back responses with immutable headers; the body still goes out.
    }
    const line = {
      requestId,
      method: request.method,
      route: routeName,
      status: response.status,
      ...(outcome === undefined ? {} : { outcome }),
      latencyMs: Date.now() - started,
    };
    if (response.status >= 500) logger.error(line);
    else if (response.status >= 400) logger.warn(line);
    else logger.info(line);
    return response;
  };
}
