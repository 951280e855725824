import type { EffectPolicy } from '@biztech/payments-core';
import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';

/**
 * The deps the runners get: the handler's ports plus how effects become outbox and queue items —
 * `autoRefund` from the configuration, emails when an email sender is configured — unless the
 * composition root set `effectPolicy` itself.
 */
export function withEffectPolicy(deps: PaymentsHandlerDeps, config: ResolvedConfig): PaymentsHandlerDeps {
  const effectPolicy: EffectPolicy = deps.effectPolicy ?? {
    autoRefund: config.autoRefund,
    emails: deps.email !== undefined,
  };
  return { ...deps, effectPolicy };
}
