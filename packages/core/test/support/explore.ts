import type { AnyStateMachine } from 'xstate';
import type { MachineSnapshot, StepEnv, StepResult } from '../../src/engine/types.ts';
import { atTime, T0 } from './arbitraries.ts';

/**
 * A palette entry: an event, `tick` to move the clock past any checkout's expiry, or `outside`: a
 * change another service makes to the stored record (applied to a snapshot, no transition).
 */
export type PaletteItem<E> = E | { type: 'tick' } | { type: 'outside'; apply: (snapshot: never) => unknown };

/**
 * Breadth-first exploration of a machine through the pure step function, from `undefined`, with a
 * finite palette of concrete events: the model-based counterpart of `@xstate/graph`'s traversal.
 * States are told apart by `keyOf` (a coarse projection of the snapshot, so the search ends) and
 * every candidate transition XState selects on the way is recorded.
 */
export function explore<S extends MachineSnapshot<unknown>, E extends { type: string }, F>(options: {
  machine: AnyStateMachine;
  step: (s: S | undefined, e: E, env: StepEnv) => StepResult<S, F>;
  palette: PaletteItem<E>[];
  keyOf: (s: S) => string;
  maxStates?: number;
}) {
  const { machine, step, palette, keyOf } = options;
  const maxStates = options.maxStates ?? 20_000;
  const covered = new Set<string>();
  const states = new Set<string>();
  const seen = new Set<string>();
  const initial = machine.root.config.initial as string;
  let frontier: { snapshot: S | undefined; now: number }[] = [{ snapshot: undefined, now: T0 }];
  let n = 0;
  while (frontier.length > 0 && seen.size < maxStates) {
    const next: typeof frontier = [];
    for (const { snapshot, now } of frontier) {
      for (const item of palette) {
        if (item.type === 'tick') {
          const later = { snapshot, now: now + 40 * 60_000 };
          const key = `${snapshot ? keyOf(snapshot) : 'none'}@${later.now - T0}`;
          if (!seen.has(key) && later.now - T0 <= 80 * 60_000) {
            seen.add(key);
            next.push(later);
          }
          continue;
        }
        if (item.type === 'outside') {
          if (snapshot === undefined) continue;
          const changed = (item as unknown as { apply: (s: S) => S }).apply(snapshot);
          const key = `${keyOf(changed)}@${now - T0}`;
          if (!seen.has(key)) {
            seen.add(key);
            next.push({ snapshot: changed, now });
          }
          continue;
        }
        const event = atTime(item as E, now);
        const env: StepEnv = { now, profileID: `P${++n}` };
        const resolved = machine.resolveState({
          value: snapshot?.value ?? initial,
          context: (snapshot?.context ?? machine.config.context) as object,
        });
        for (const t of machine.getTransitionData(resolved, { ...event, ...env })) {
          const list = t.source.transitions.get(event.type) ?? [];
          covered.add(`${t.source.key}:${event.type}:${list.indexOf(t)}`);
        }
        const result = step(snapshot, event, env);
        states.add(result.snapshot.value);
        const key = `${keyOf(result.snapshot)}@${now - T0}`;
        if (!seen.has(key)) {
          seen.add(key);
          next.push({ snapshot: result.snapshot, now });
        }
      }
    }
    frontier = next;
  }
  return { covered, states, explored: seen.size };
}
