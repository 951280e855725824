import { errorFields, type PaymentsLogger } from '../logger.ts';
import { json } from './json-response.ts';

/** `retry-after` of a deadline answer, in seconds: the dependency stalled for a whole budget already. */
export const DEADLINE_RETRY_AFTER_SECONDS = 2;

/** What running a route under a deadline gave. */
export interface DeadlineOutcome {
  response: Response;
  /** True when the budget ran out first and `response` is the `503 dependency_timeout`. */
  timedOut: boolean;
}

/** Where a route that finishes after its deadline is reported. */
export interface LateReport {
  logger: PaymentsLogger;
  requestId: string;
  route: string;
}

const TIMED_OUT: unique symbol = Symbol('timed out');

/** The answer when a request's budget ran out: `503` so callers, Stripe included, retry. */
export function deadlineResponse(budgetMs: number): Response {
  return json(
    503,
    {
      error: {
        code: 'dependency_timeout',
        message: `a dependency did not answer within the request's ${budgetMs} ms budget; try again`,
      },
    },
    { 'retry-after': String(DEADLINE_RETRY_AFTER_SECONDS) },
  );
}

/**
 * Runs `work` against a budget of `budgetMs`. Whichever comes first wins: the route's own answer
 * (or its error, rethrown for the handler's fault mapping), or `503 dependency_timeout`.
 *
 * A route that loses the race is not cancelled: the ports take no signal, and every outside call it
 * is waiting on is bounded by its client's own timeout (see the composition root). It finishes or
 * fails in the background; each of its steps is one atomic commit, so it either happens completely
 * (a retry then finds it: a duplicate event, a live checkout) or not at all. How it ended is logged
 * once, as `finished after the deadline`, with the same `requestId`.
 */
export async function runWithDeadline(
  work: () => Promise<Response>,
  budgetMs: number,
  late: LateReport,
): Promise<DeadlineOutcome> {
  const started = Date.now();
  const running = work();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), budgetMs);
  });
  let winner: Response | typeof TIMED_OUT;
  try {
    winner = await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
  if (winner !== TIMED_OUT) return { response: winner, timedOut: false };

  const report = (fields: Record<string, unknown>) =>
    late.logger.warn({
      requestId: late.requestId,
      msg: 'finished after the deadline',
      route: late.route,
      afterMs: Date.now() - started,
      ...fields,
    });
  running.then(
    (response) => report({ lateStatus: response.status }),
    (error: unknown) => report(errorFields(error)),
  );
  return { response: deadlineResponse(budgetMs), timedOut: true };
}
