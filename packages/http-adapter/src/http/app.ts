import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import type { PaymentsLogger } from '../logger.ts';
import { registerApiDocs } from '../openapi/api-docs.ts';
import { addAdminRoutes } from '../routes/admin/admin-routes.ts';
import { getMembership, getMembershipRoute } from '../routes/get-membership.ts';
import { getOffer, getOfferRoute } from '../routes/get-offer.ts';
import { getRegistration, getRegistrationRoute } from '../routes/get-registration.ts';
import { getSession, getSessionRoute } from '../routes/get-session.ts';
import { health, healthRoute } from '../routes/health.ts';
import { createReadiness, readinessRoute } from '../routes/health-ready.ts';
import { postPayments, postPaymentsRoute } from '../routes/post-payments.ts';
import { postRegistrations, postRegistrationsRoute } from '../routes/post-registrations.ts';
import { cancelWebhook, cancelWebhookRoute, webhook, webhookRoute } from '../routes/stripe-webhooks.ts';
import { startPaymentsApp } from './app-assembly.ts';

export type { AddRoute } from './app-assembly.ts';

/**
 * The payments API as a Hono app. Each route is declared once (`@hono/zod-openapi` route configs
 * built from core's zod schemas and the response schemas beside the routes); the same declarations
 * validate requests here (`@hono/zod-validator`, what `@hono/zod-openapi` runs) and make the OpenAPI
 * document (`GET /openapi.json`, generated on its first request; page at `GET /docs`). Hono routes,
 * answers CORS preflights (`hono/cors`), limits bodies (`hono/body-limit`) and issues request ids
 * (`hono/request-id`); the rest is the contract's own, where Hono has no equivalent:
 * - `405 method_not_allowed` with `Allow` for a known path and another method (Hono answers 404);
 * - `400 invalid_params` for a bad percent-escape in a path parameter (Hono decodes what it can);
 * - bodies read as JSON whatever their `content-type` (as the API always has), `invalid_json` when not;
 * - the request deadline and the one log line per request.
 * @internal
 */
export function createPaymentsApp(
  given: PaymentsHandlerDeps,
  config: ResolvedConfig,
  logger: PaymentsLogger,
) {
  const { add, declared, finish } = startPaymentsApp(given, config, logger);
  add(healthRoute, 'none', health);
  add(readinessRoute, 'none', createReadiness());
  add(postRegistrationsRoute, 'json', postRegistrations);
  add(getRegistrationRoute, 'none', getRegistration);
  add(getOfferRoute, 'none', getOffer);
  add(postPaymentsRoute, 'json', postPayments);
  add(webhookRoute, 'raw', webhook);
  add(cancelWebhookRoute, 'raw', cancelWebhook);
  add(getSessionRoute, 'none', getSession);
  add(getMembershipRoute, 'none', getMembership);
  addAdminRoutes(add);
  registerApiDocs(add, declared);
  return finish();
}
