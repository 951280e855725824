import { PaymentsHttpError } from '../errors.ts';
import type { RouteContext } from '../routes/route-context.ts';

const HOUR_MS = 60 * 60 * 1000;

/**
 * Counts the checkout session about to be opened for `email` against the hourly bound
 * (`maxSessionsPerEmailPerHour`, CONTRACT §2): `POST /payments` and `POST /registrations` are open
 * routes, so this is what stops anyone from opening sessions for an email without end. Only new
 * sessions count (a live one handed back again does not); one that Stripe then fails to create
 * has counted. Beyond the bound → `429 too_many_sessions` with `retry-after` until the next hour,
 * and nothing is counted or created.
 */
export async function takeCheckoutQuota(context: RouteContext, email: string): Promise<void> {
  const { deps, config } = context;
  const now = deps.clock.now();
  const hourStart = now - (now % HOUR_MS);
  const limit = config.maxSessionsPerEmailPerHour;
  if (await deps.operations.takeCheckoutQuota(email, hourStart, limit)) return;
  context.setOutcome('too_many_sessions');
  throw new PaymentsHttpError(
    'too_many_sessions',
    429,
    `at most ${limit} checkout sessions per email per hour; try again later`,
    { headers: { 'retry-after': String(Math.ceil((hourStart + HOUR_MS - now) / 1000)) } },
  );
}
