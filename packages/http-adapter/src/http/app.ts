import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import type { PaymentsLogger } from '../logger.ts';
import { startPaymentsApp } from './app-assembly.ts';
import { ROUTE_FAMILIES } from './route-families/whole-api.ts';

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
  // The whole API is every route family, as the split Lambda functions serve them one each: one
  // list of routes and their guards, so a function can never serve a route unguarded.
  for (const family of Object.values(ROUTE_FAMILIES)) family(add, declared);
  return finish();
}
