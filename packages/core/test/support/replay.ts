import type { MachineSnapshot, StepEnv, StepResult } from '../../src/engine/types.ts';
import { atTime, type RunStep, T0 } from './arbitraries.ts';

/** One applied step of a run, with what it started from. */
export interface TraceEntry<S, E, F> {
  before: S | undefined;
  event: E;
  env: StepEnv;
  result: StepResult<S, F>;
}

/**
 * Replays a run through a pure step function: the first event creates the record, ticks move the
 * clock, and every result feeds the next step. Profile ids are fresh per step so activations can
 * never collide by accident.
 */
export function replay<S extends MachineSnapshot<unknown>, E, F>(
  step: (s: S | undefined, e: E, env: StepEnv) => StepResult<S, F>,
  first: E | undefined,
  steps: RunStep<E>[],
): { trace: TraceEntry<S, E, F>[]; final: S | undefined; now: number } {
  let now = T0;
  let snapshot: S | undefined;
  const trace: TraceEntry<S, E, F>[] = [];
  let n = 0;
  const apply = (raw: E) => {
    const event = atTime(raw, now);
    const env: StepEnv = { now, profileID: `Profile${++n}` };
    const result = step(snapshot, event, env);
    trace.push({ before: snapshot, event, env, result });
    if (result.snapshot.version !== (snapshot?.version ?? 0)) snapshot = result.snapshot;
  };
  if (first !== undefined) apply(first);
  for (const s of steps) {
    if (s.kind === 'tick') now += s.ms;
    else apply(s.event);
  }
  return { trace, final: snapshot, now };
}
