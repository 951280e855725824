import type { DrainReport } from '@biztech/payments-core';
import type { PaymentsOperations } from '../operations/payments-operations.ts';
import type { ReconcileReport } from '../operations/reconcile.ts';

/** One record of a DynamoDB Stream event, as far as the drainer reads it. */
export interface DynamoStreamRecord {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string;
  /** The stream's view type must include `NEW_IMAGE`, for the item's `dueAt`. */
  dynamodb?: { Keys?: { pk?: { S?: string } }; NewImage?: { dueAt?: { N?: string } } };
}

/** Options of {@link createOperationsLambdaHandler}. */
export interface OperationsLambdaOptions {
  /**
   * Longest wait for an outbox item of the batch to fall due before draining (default 40 s, so
   * the fast path's 30 s grace and the first retries are covered inside a 60 s Lambda timeout;
   * later retries fall to the schedule).
   */
  maxWaitMs?: number;
  /** Epoch ms now (the deps' clock). */
  now?: () => number;
  /** How the handler waits (tests pass a fake). */
  sleep?: (ms: number) => Promise<void>;
}

/** What the operations Lambda is invoked with: a schedule (EventBridge) or the payments table's stream. */
export type OperationsLambdaEvent =
  | { Records: DynamoStreamRecord[] }
  | { source?: string; 'detail-type'?: string; [key: string]: unknown };

/** What the operations Lambda answers (it shows in the invocation's result and log). */
export type OperationsLambdaResult =
  | { job: 'drain'; outboxRecords: number; drained: DrainReport }
  | { job: 'reconcile'; report: ReconcileReport };

const isStream = (event: OperationsLambdaEvent): event is { Records: DynamoStreamRecord[] } =>
  Array.isArray((event as { Records?: unknown }).Records);

/** A new or retried outbox item: `OUTBOX#...` inserted or modified (a removal is a completion). */
const isOutboxWork = (r: DynamoStreamRecord) =>
  r.eventName !== 'REMOVE' && r.dynamodb?.Keys?.pk?.S?.startsWith('OUTBOX#') === true;

/**
 * The Lambda behind the payments table's DynamoDB Stream and the 15-minute schedule:
 * - a stream batch that records outbox work (an item written or retried) waits until the
 *   earliest of those items is due (at most `maxWaitMs`), then runs one drain pass: what the fast
 *   path did not carry out (the process died, the call failed) is carried out here within about
 *   half a minute. Other records are ignored. A failing drain pass throws, so Lambda retries the batch.
 * - any other event (EventBridge `Scheduled Event`) runs one reconciliation pass.
 *
 * @example
 * ```ts
 * const payments = createPaymentsFromEnv();
 * export const handler = createOperationsLambdaHandler(payments.operations);
 * ```
 */
export function createOperationsLambdaHandler(
  operations: PaymentsOperations,
  options: OperationsLambdaOptions = {},
) {
  const maxWaitMs = options.maxWaitMs ?? 40_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  return async function operationsHandler(event: OperationsLambdaEvent): Promise<OperationsLambdaResult> {
    if (isStream(event)) {
      const work = event.Records.filter(isOutboxWork);
      if (work.length === 0) {
        return {
          job: 'drain',
          outboxRecords: 0,
          drained: { attempted: 0, completed: 0, retried: 0, stuck: 0 },
        };
      }
      const dues = work.map((r) => Number(r.dynamodb?.NewImage?.dueAt?.N)).filter(Number.isFinite);
      const wait = dues.length > 0 ? Math.min(...dues) - now() : 0;
      if (wait > 0) await sleep(Math.min(wait, maxWaitMs));
      return { job: 'drain', outboxRecords: work.length, drained: await operations.drainOutbox() };
    }
    return { job: 'reconcile', report: await operations.reconcile() };
  };
}
