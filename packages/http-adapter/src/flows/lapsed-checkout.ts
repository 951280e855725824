import { isSettled, type SessionPayment } from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';

/**
 * Confirms with Stripe what became of a checkout whose expiry (or whose offer's deadline) passed
 * without us hearing: a session still open is expired there, so it can no longer be paid, and a
 * session that was paid after all is reported so the caller fulfils it instead of letting go.
 *
 * @returns the payment of a paid session, else `undefined` (expired, unknown, or not settled)
 */
export async function confirmLapsedCheckout(
  context: RouteContext,
  sessionId: string,
): Promise<SessionPayment | undefined> {
  const session = await context.deps.gateway.retrieveCheckout(sessionId);
  if (session?.status === 'open') await context.deps.gateway.expireCheckout(sessionId);
  return session !== undefined && session.status === 'complete' && isSettled(session.payment)
    ? session.payment
    : undefined;
}
