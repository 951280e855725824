import type { Clock } from '../ports.ts';
import type { OperationsStore, OutboxItem, QueueItem } from './types.ts';

/** Carries out one outbox action; rejects on a failure worth retrying. */
export type OutboxExecutor = (item: OutboxItem) => Promise<void>;

/** Input of {@link drainOutbox}. */
export interface DrainInput {
  operations: OperationsStore;
  execute: OutboxExecutor;
  clock: Clock;
  /** Items per pass (default 25). */
  limit?: number;
  /** Failed attempts after which an item becomes a `stuck_event` queue item (default 8). */
  maxAttempts?: number;
  /** First retry delay (default 1 s); doubled per attempt. */
  baseDelayMs?: number;
  /** Longest retry delay (default 15 minutes). */
  maxDelayMs?: number;
}

/** What one drain pass did. */
export interface DrainReport {
  attempted: number;
  completed: number;
  retried: number;
  stuck: number;
}

/** Exponential backoff: `base · 2^(attempts−1)`, at most `max`. */
export function retryDelayMs(attempts: number, baseDelayMs = 1_000, maxDelayMs = 15 * 60_000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempts - 1));
}

/** The queue item an outbox item becomes when it keeps failing. */
export function stuckEventOf(item: OutboxItem, error: string, now: number): QueueItem {
  const action = item.action;
  return {
    id: `stuck_event:${item.id}`,
    kind: 'stuck_event',
    status: 'open',
    sessionId: 'sessionId' in action ? action.sessionId : undefined,
    paymentIntent: action.type === 'payment.refund' ? action.paymentIntent : undefined,
    amount: action.type === 'payment.refund' ? action.amount : undefined,
    subject: item.subject,
    reason: `${action.type}_failed`,
    createdAt: now,
    outboxItem: { ...item, lastError: error },
  };
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error)).slice(0, 500);

/**
 * One pass of the outbox drainer: every due item is carried out; a success removes it, a failure
 * is retried later with exponential backoff, and after `maxAttempts` failures the item is moved to
 * the operator queue as `stuck_event` (in one transaction), so nothing is dropped silently.
 * Items are carried out at least once: every action is idempotent (Stripe idempotency keys, an
 * expiry of an expired session is a no-op, one email id per cause).
 */
export async function drainOutbox(input: DrainInput): Promise<DrainReport> {
  const { operations, execute, clock } = input;
  const maxAttempts = input.maxAttempts ?? 8;
  const report: DrainReport = { attempted: 0, completed: 0, retried: 0, stuck: 0 };
  const due = await operations.listDueOutbox(clock.now(), input.limit ?? 25);
  for (const item of due) {
    report.attempted += 1;
    try {
      await execute(item);
      await operations.completeOutbox(item.id);
      report.completed += 1;
    } catch (error) {
      const attempts = item.attempts + 1;
      const message = messageOf(error);
      if (attempts >= maxAttempts) {
        await operations.stickOutbox(item.id, stuckEventOf(item, message, clock.now()));
        report.stuck += 1;
      } else {
        const delay = retryDelayMs(attempts, input.baseDelayMs, input.maxDelayMs);
        await operations.retryOutbox(item.id, item.attempts, clock.now() + delay, message);
        report.retried += 1;
      }
    }
  }
  return report;
}
