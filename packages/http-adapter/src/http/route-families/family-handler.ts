import { type PaymentsHandlerConfig, resolveConfig } from '../../config.ts';
import type { PaymentsHandlerDeps } from '../../deps.ts';
import type { PaymentsHandler } from '../../handler.ts';
import { consoleLogger, safeLogger } from '../../logger.ts';
import { startPaymentsApp } from '../app-assembly.ts';
import { faultResponse } from '../fault-response.ts';
import type { RouteFamily } from './route-family.ts';

/**
 * A payments handler serving only the routes of `families`, assembled as the whole API is
 * (`createPaymentsHandler`): the same plumbing, validation, CORS, `405`s, error bodies and log
 * line, so a route answers the same in a Lambda function of its family as in the Node server.
 * Any other path is `404 not_found` (API Gateway sends it no such request).
 *
 * @throws TypeError at creation when the configuration is invalid
 */
export function createRouteFamilyHandler(
  deps: PaymentsHandlerDeps,
  config: PaymentsHandlerConfig,
  families: readonly RouteFamily[],
): PaymentsHandler {
  const settings = resolveConfig(config);
  const logger = safeLogger(deps.logger ?? consoleLogger);
  const { add, declared, finish } = startPaymentsApp(deps, settings, logger);
  for (const family of families) family(add, declared);
  const app = finish();
  return async function handle(request: Request): Promise<Response> {
    try {
      return await app.fetch(request);
    } catch (error) {
      // The app renders every error itself; this is the last line of "never a throw".
      return faultResponse(error, logger, 'unknown');
    }
  };
}
