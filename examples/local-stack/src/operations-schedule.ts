import type { PaymentsOperations } from '@biztech/payments-http';

/** How often the local stack runs its jobs (the deployment uses a DynamoDB Stream and a 15-minute schedule). */
export interface OperationsSchedule {
  /** Seconds between reconciliation passes (`RECONCILE_INTERVAL_S`, default 60; 0 turns it off). */
  reconcileIntervalS: number;
  /** Milliseconds between outbox drain passes (`OUTBOX_POLL_MS`, default 2000; 0 turns it off). */
  outboxPollMs: number;
}

/**
 * Reads `RECONCILE_INTERVAL_S` and `OUTBOX_POLL_MS`.
 *
 * @throws Error naming the variable when it is not a whole number ≥ 0
 */
export function operationsScheduleFromEnv(env: Record<string, string | undefined>): OperationsSchedule {
  const read = (name: string, fallback: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < 0)
      throw new Error(`${name} must be a whole number (0 or more), got "${raw}"`);
    return n;
  };
  return {
    reconcileIntervalS: read('RECONCILE_INTERVAL_S', 60),
    outboxPollMs: read('OUTBOX_POLL_MS', 2_000),
  };
}

/**
 * Runs the reconciler and the outbox drainer in process, each on its own timer; a pass never
 * overlaps the previous one of its kind, and a failed pass is logged and tried again next time.
 *
 * @returns a function that stops both timers and waits for a pass in progress
 */
export function startOperationsSchedule(
  operations: PaymentsOperations,
  schedule: OperationsSchedule,
  log: (line: string) => void,
): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    if (ms <= 0) return undefined;
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      const pass = job()
        .catch((error: unknown) =>
          log(`${name} failed: ${error instanceof Error ? error.message : String(error)}`),
        )
        .finally(() => {
          busy = false;
          running.delete(pass);
        });
      running.add(pass);
    }, ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(schedule.reconcileIntervalS * 1000, 'reconcile', async () => {
      const r = await operations.reconcile();
      if (r.applied + r.queued + r.released + r.lapsedOffers + r.repaired.length + r.failed > 0) {
        log(
          `reconcile: examined ${r.examined}, applied ${r.applied}, duplicate ${r.duplicate}, ignored ${r.ignored}, queued ${r.queued}, released ${r.released}, repaired ${r.repaired.length}`,
        );
      }
    }),
    every(schedule.outboxPollMs, 'outbox drain', () => operations.drainOutbox()),
  ];
  return async () => {
    for (const t of timers) if (t) clearInterval(t);
    await Promise.all(running);
  };
}
