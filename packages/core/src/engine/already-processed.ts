/**
 * The result a runner returns when the store reports the Stripe event as already processed: the
 * record as it was, no effects, outcome `duplicate`. Shared by both runners.
 */
export function alreadyProcessed<S>(previous: S | undefined, stepped: S) {
  return {
    snapshot: previous ?? stepped,
    effects: [],
    outcome: 'duplicate' as const,
    reason: 'already_processed',
    previous,
    committed: false,
  };
}
