import { type OutboxItem, retryDelayMs } from '@biztech/payments-core';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { errorFields, type PaymentsLogger } from '../logger.ts';
import { executeOutbox } from './execute-outbox.ts';

/**
 * The fast path of the outbox: carries out items a commit just recorded, at once, and removes
 * each that succeeded. A failure is recorded as the item's first failed attempt (the drainer
 * tries again after the backoff) and never fails the request: the change is committed, and the
 * outbox owns the effect from here.
 */
export async function carryOutNow(
  deps: PaymentsHandlerDeps,
  logger: PaymentsLogger,
  requestId: string,
  items: readonly OutboxItem[],
): Promise<void> {
  for (const item of items) {
    try {
      await executeOutbox(deps, item);
      await deps.operations.completeOutbox(item.id);
    } catch (error) {
      logger.warn({
        requestId,
        msg: 'outbox item failed; the drainer retries it',
        outboxId: item.id,
        ...errorFields(error),
      });
      const message = error instanceof Error ? error.message : String(error);
      await deps.operations
        .retryOutbox(
          item.id,
          item.attempts,
          deps.clock.now() + retryDelayMs(item.attempts + 1),
          message.slice(0, 500),
        )
        .catch((e: unknown) =>
          logger.error({ requestId, msg: 'outbox retry not recorded', outboxId: item.id, ...errorFields(e) }),
        );
    }
  }
}
