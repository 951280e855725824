import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { withEffectPolicy } from '../flows/effect-policy.ts';
import type { PaymentsLogger } from '../logger.ts';
import type { RouteContext } from '../routes/route-context.ts';

/**
 * The context the flows run in when no HTTP request started them (a reconcile pass, the outbox
 * drainer): the same ports and settings as the handler's, and a request id naming the job.
 */
export function internalContext(
  deps: PaymentsHandlerDeps,
  config: ResolvedConfig,
  logger: PaymentsLogger,
  job: string,
): RouteContext {
  return {
    request: new Request(`http://internal/${job}`),
    params: {},
    deps: withEffectPolicy(deps, config),
    config,
    logger,
    requestId: `${job}-${deps.clock.now()}`,
    setOutcome: () => {},
  };
}
