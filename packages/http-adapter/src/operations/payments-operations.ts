import { type DrainReport, drainOutbox } from '@biztech/payments-core';
import { type PaymentsHandlerConfig, resolveConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { consoleLogger, safeLogger } from '../logger.ts';
import { executeOutbox } from './execute-outbox.ts';
import { internalContext } from './internal-context.ts';
import { type ReconcileOptions, type ReconcileReport, reconcilePass } from './reconcile.ts';

/** The jobs that keep money and seats right over time, outside any request. */
export interface PaymentsOperations {
  /** One reconciliation pass (see `reconcilePass`). */
  reconcile(options?: ReconcileOptions): Promise<ReconcileReport>;
  /** One pass of the outbox drainer: due items carried out, failures retried later or moved to the queue. */
  drainOutbox(options?: { limit?: number }): Promise<DrainReport>;
}

/**
 * The reconciler and the outbox drainer on the handler's ports and configuration: what the
 * scheduled Lambda, the stream Lambda and the local stack's timers call.
 *
 * @example
 * ```ts
 * const operations = createPaymentsOperations(deps, config);
 * setInterval(() => void operations.reconcile(), 60_000);
 * ```
 */
export function createPaymentsOperations(
  deps: PaymentsHandlerDeps,
  config: PaymentsHandlerConfig,
): PaymentsOperations {
  const settings = resolveConfig(config);
  const logger = safeLogger(deps.logger ?? consoleLogger);
  return {
    reconcile: (options) => reconcilePass(internalContext(deps, settings, logger, 'reconcile'), options),
    drainOutbox: (options = {}) =>
      drainOutbox({
        operations: deps.operations,
        execute: (item) => executeOutbox(deps, item),
        clock: deps.clock,
        limit: options.limit,
      }),
  };
}
