import { QueueItemResolvedError, SYSTEM_ACTOR } from '@biztech/payments-core';
import type { RouteContext } from '../routes/route-context.ts';

/** States that hold a place a payment paid for. */
const HELD = new Set(['registered', 'acceptedComplete', 'checkedIn']);

/**
 * Closes open `refund_needed` / `payment_mismatch` items whose session the registration now holds
 * as its payment. That happens when an operator's `accept` honoured the payment (one commit) and
 * the process died before the item's resolution (a second write): the money then had two owners,
 * the place and the item, until someone retried. The item is resolved as `accept` by `system`,
 * so every paid session ends with exactly one owner without depending on a retry.
 *
 * @returns how many items were closed
 */
export async function closeOwnedQueueItems(context: RouteContext): Promise<number> {
  const { deps } = context;
  let closed = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.operations.listQueue('open', cursor === undefined ? {} : { cursor });
    for (const item of page.items) {
      if (item.kind !== 'refund_needed' && item.kind !== 'payment_mismatch') continue;
      if (item.subject?.kind !== 'registration' || item.sessionId === undefined) continue;
      const stored = await deps.registrations.loadRegistration(item.subject.key);
      if (stored?.kind !== 'snapshot') continue;
      const { value, context: record } = stored.snapshot;
      if (!HELD.has(value) || record.payment?.sessionId !== item.sessionId) continue;
      try {
        await deps.operations.resolveQueueItem(item.id, {
          action: 'accept',
          note: 'the registration holds this payment (an accept whose resolution was not recorded)',
          by: { ...SYSTEM_ACTOR },
          at: deps.clock.now(),
        });
        closed += 1;
      } catch (error) {
        // An operator's retry closed it a moment earlier: it has its one owner.
        if (!(error instanceof QueueItemResolvedError)) throw error;
      }
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
  return closed;
}
