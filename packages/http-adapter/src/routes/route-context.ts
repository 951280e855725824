import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import type { PaymentsLogger } from '../logger.ts';

/** What a route handler gets: the request, its path parameters, the ports and the settings. */
export interface RouteContext {
  request: Request;
  params: Record<string, string>;
  deps: PaymentsHandlerDeps;
  config: ResolvedConfig;
  logger: PaymentsLogger;
  requestId: string;
  /** Records the business outcome (`applied`, `duplicate`, `ignored`, ...) for the request's log line. */
  setOutcome(outcome: string): void;
}
