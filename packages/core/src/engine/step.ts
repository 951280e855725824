import { type AnyStateMachine, initialTransition, transition } from 'xstate';
import { remember } from '../checkout/session-guards.ts';
import { InvalidSnapshotError } from '../errors.ts';
import { jsonEqual } from './deep-equal.ts';
import {
  type MachineSnapshot,
  type OutcomeMarker,
  PROCESSED_KEY_MEMORY,
  type StepEnv,
  type StepResult,
} from './types.ts';

/** Context fields every machine keeps for the engine. */
export interface EngineContext {
  processedKeys: string[];
}

/** Fields the engine reads from any event. */
export interface EngineEvent {
  type: string;
  stripeEventId?: string;
}

/** How one machine plugs into the generic engine. */
export interface StepperDefinition<TEvent extends EngineEvent> {
  /** Stored in every snapshot and checked on load. */
  name: string;
  machine: AnyStateMachine;
  /**
   * Idempotency keys of an event besides its Stripe event id, e.g. `paid:<sessionId>` so the
   * webhook and the success page fulfilling the same session count as one.
   */
  extraKeys?: (event: TEvent) => string[];
}

/**
 * Builds the pure `step` function of one machine on XState's `transition`: a persisted snapshot
 * (or `undefined` for a record that does not exist yet) and an event in, the next snapshot, the
 * effects to run and the outcome out. Nothing is executed and nothing is read but the arguments.
 *
 * Idempotency: an event whose Stripe id or extra key was already recorded is a `duplicate` with
 * no effects. Keys are recorded whenever a step changes the snapshot or asks for effects, so a
 * second delivery never repeats an effect (a mismatch report included).
 */
export function createStepper<TContext extends EngineContext, TEvent extends EngineEvent, TEffect>(
  def: StepperDefinition<TEvent>,
) {
  type Snapshot = MachineSnapshot<TContext>;
  return function step(
    snapshot: Snapshot | undefined,
    event: TEvent,
    env: StepEnv,
  ): StepResult<Snapshot, TEffect> {
    if (snapshot !== undefined) assertSnapshot(snapshot, def.name);
    const keys = [
      ...(event.stripeEventId ? [`evt:${event.stripeEventId}`] : []),
      ...(def.extraKeys?.(event) ?? []),
    ];
    const current = snapshot ?? initialSnapshot<TContext>(def);
    if (keys.some((k) => current.context.processedKeys.includes(k))) {
      return { snapshot: current, effects: [], outcome: 'duplicate', reason: 'already_processed' };
    }

    const resolved = def.machine.resolveState({ value: current.value, context: current.context });
    const timed = { ...event, now: env.now, ...(env.profileID ? { profileID: env.profileID } : {}) };
    const [next, actions] = transition(def.machine, resolved, timed);

    const effects: TEffect[] = [];
    let marker: OutcomeMarker | undefined;
    for (const action of actions as ReadonlyArray<{ type: string; params?: unknown }>) {
      if (action.type === 'effects') effects.push(...(action.params as TEffect[]));
      else if (action.type === 'outcome') marker = action.params as OutcomeMarker;
    }
    const value = String(next.value);
    const changed = value !== current.value || !jsonEqual(next.context, current.context);
    if (!changed && effects.length === 0) {
      return {
        snapshot: current,
        effects,
        outcome: marker?.outcome ?? 'rejected',
        reason: marker?.reason ?? `not_allowed_in_${current.value}`,
      };
    }
    let processedKeys = (next.context as TContext).processedKeys;
    for (const key of keys) processedKeys = remember(processedKeys, key, PROCESSED_KEY_MEMORY);
    const nextSnapshot: Snapshot = {
      schemaVersion: 1,
      machine: def.name,
      version: current.version + 1,
      value,
      context: { ...(next.context as TContext), processedKeys },
    };
    return marker
      ? { snapshot: nextSnapshot, effects, outcome: marker.outcome, reason: marker.reason }
      : { snapshot: nextSnapshot, effects, outcome: 'applied' };
  };
}

function initialSnapshot<TContext>(def: {
  name: string;
  machine: AnyStateMachine;
}): MachineSnapshot<TContext> {
  const [initial] = initialTransition(def.machine);
  return {
    schemaVersion: 1,
    machine: def.name,
    version: 0,
    value: String(initial.value),
    context: initial.context as TContext,
  };
}

/** Refuses snapshots that are not ours or come from a schema this code does not know. */
export function assertSnapshot(
  snapshot: unknown,
  machine: string,
): asserts snapshot is MachineSnapshot<unknown> {
  const s = snapshot as Partial<MachineSnapshot<unknown>> | null;
  if (typeof s !== 'object' || s === null) throw new InvalidSnapshotError('snapshot must be an object');
  if (s.schemaVersion !== 1)
    throw new InvalidSnapshotError(`unknown snapshot schemaVersion ${String(s.schemaVersion)}`);
  if (s.machine !== machine)
    throw new InvalidSnapshotError(`snapshot of ${String(s.machine)}, expected ${machine}`);
  if (typeof s.version !== 'number' || !Number.isInteger(s.version) || s.version < 0) {
    throw new InvalidSnapshotError('snapshot version must be a non-negative integer');
  }
  if (typeof s.value !== 'string' || typeof s.context !== 'object' || s.context === null) {
    throw new InvalidSnapshotError('snapshot needs a string value and an object context');
  }
}
