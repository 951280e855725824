import { type PaymentsHandlerConfig, resolveConfig } from './config.ts';
import type { PaymentsHandlerDeps } from './deps.ts';
import { createPaymentsApp } from './http/app.ts';
import { faultResponse } from './http/fault-response.ts';
import { consoleLogger, safeLogger } from './logger.ts';

/** A web-standard request handler: the same function runs behind Node, Lambda or any fetch server. */
export type PaymentsHandler = (request: Request) => Promise<Response>;

/**
 * Creates the payments API of the contract (section 2) as one `fetch`-style handler:
 * `POST /registrations`, `POST /payments`, `POST /payments/webhook`, `POST /payments/cancel`,
 * `GET /payments/sessions/{sessionId}`, `GET /registrations/{email}/{eventID}/{year}`,
 * `GET /memberships/{email}`, `GET /health` and `GET /health/ready`, plus CORS preflights, and
 * `GET /openapi.json` (OpenAPI 3.1, generated from the zod schemas) with its reference page `GET /docs`.
 * It is a Hono app (`@hono/zod-openapi`) behind a plain `(Request) => Promise<Response>`.
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
  const app = createPaymentsApp(deps, settings, logger);

  return async function handle(request: Request): Promise<Response> {
    try {
      return await app.fetch(request);
    } catch (error) {
      // The app renders every error itself; this is the last line of "never a throw".
      return faultResponse(error, logger, 'unknown');
    }
  };
}
