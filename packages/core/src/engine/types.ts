/**
 * The outcome of one step:
 * - `applied`: the snapshot changed (its version went up by one);
 * - `duplicate`: the event (same Stripe event id, or the same session's completion) was already applied;
 * - `ignored`: a valid event that does not concern the record in its current state;
 * - `rejected`: the event is not allowed now, or a payment does not match (see the effects).
 */
export type StepOutcome = 'applied' | 'duplicate' | 'ignored' | 'rejected';

/** A machine's verdict on an event, emitted as an action so the pure engine can read it. */
export interface OutcomeMarker {
  /** `applied` only names why a change was made (a payment an operator `honoured`); the others say why not. */
  outcome: StepOutcome;
  /** Machine-readable reason, e.g. `checkout_live`, `event_full`, `not_payable`. */
  reason: string;
}

/** Environment of a step: the only inputs besides the snapshot and event. */
export interface StepEnv {
  /** Current time, epoch milliseconds (from the Clock port). */
  now: number;
  /** A fresh human-readable profile id, used only when a membership activates (from the IdGenerator port). */
  profileID?: string;
}

/** Persisted form of a machine: plain JSON, versioned for optimistic concurrency. */
export interface MachineSnapshot<TContext, TMachine extends string = string> {
  /** Bumped when the snapshot layout changes; loaders refuse versions they do not know. */
  schemaVersion: 1;
  machine: TMachine;
  /** +1 on every applied change; the store's conditional write compares it. */
  version: number;
  /** XState state value. */
  value: string;
  context: TContext;
}

/** What `step` returns. Nothing in it has been executed. */
export interface StepResult<TSnapshot, TEffect> {
  snapshot: TSnapshot;
  effects: TEffect[];
  outcome: StepOutcome;
  /** Machine-readable reason for a non-`applied` outcome. */
  reason?: string;
}

/** Events injected with the step's clock, as the machines see them. */
export type Timed<E> = E & { now: number; profileID?: string };

/** How many idempotency keys a snapshot remembers; older ones are caught by the store's processed-event records. */
export const PROCESSED_KEY_MEMORY = 50;
/** How many sessions a snapshot remembers. */
export const SESSION_MEMORY = 20;
