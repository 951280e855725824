import type { AnyStateMachine } from 'xstate';

/** One candidate transition of a machine: where it is defined, for which event, and where it leads. */
export interface MachineCandidate {
  /** `source:EVENT:index`, unique per candidate. */
  id: string;
  /** The state key that defines it, or the machine id for machine-wide handlers. */
  source: string;
  event: string;
  index: number;
  /** Target state keys; empty for a transition that stays put. */
  targets: string[];
  guard: string | undefined;
}

/**
 * Every candidate transition a machine defines (in the order XState tries them), read from the
 * machine definition itself, so diagrams and coverage checks can never drift from the code.
 */
export function machineCandidates(machine: AnyStateMachine): MachineCandidate[] {
  const out: MachineCandidate[] = [];
  const nodes = [machine.root, ...Object.values(machine.root.states)];
  for (const node of nodes) {
    for (const [event, transitions] of node.transitions) {
      transitions.forEach((t, index) => {
        const guard =
          typeof t.guard === 'function' ? t.guard.name : typeof t.guard === 'string' ? t.guard : undefined;
        out.push({
          id: `${node.key}:${event}:${index}`,
          source: node.key,
          event,
          index,
          targets: (t.target ?? []).map((s) => s.key),
          guard: guard && guard !== 'guard' ? guard : undefined,
        });
      });
    }
  }
  return out;
}

/**
 * The machine as a Mermaid `stateDiagram-v2`. Machine-wide handlers that lead somewhere are drawn
 * on each state with no handler of its own for the event (those that stay put are not drawn);
 * transitions between the same two states are merged into one arrow listing their events.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const states = Object.keys(machine.root.states);
  const candidates = machineCandidates(machine);
  const edges = new Map<string, Set<string>>();
  const add = (from: string, to: string, event: string) => {
    const key = `${from} --> ${to}`;
    edges.set(key, (edges.get(key) ?? new Set()).add(event));
  };
  for (const state of states) {
    const own = candidates.filter((c) => c.source === state);
    const ownEvents = new Set(own.map((c) => c.event));
    // Machine-wide handlers that stay put only ignore or report; drawing them on every state hides the flow.
    const inherited = candidates.filter(
      (c) => c.source === machine.root.key && !ownEvents.has(c.event) && c.targets.length > 0,
    );
    for (const c of [...own, ...inherited]) add(state, c.targets[0] ?? state, c.event);
  }
  const initial = String(machine.root.config.initial);
  const lines = ['stateDiagram-v2', `  [*] --> ${initial}`];
  for (const [edge, events] of [...edges].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  ${edge} : ${[...events].sort().join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
