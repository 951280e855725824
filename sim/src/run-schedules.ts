import { seededRandom } from '@biztech/stripe-local';
import { brokenInvariants } from './invariants.ts';
import { runSchedule, settle } from './schedule.ts';
import { calm, createSimWorld, type SimWorld } from './sim-world.ts';

/** What one seed did and whether its invariants held. */
export interface ScheduleResult {
  seed: number;
  steps: string[];
  /** Broken invariants, empty when all held. */
  broken: string[];
  /** Reconcile passes until the world was calm. */
  passes: number | undefined;
  paidSessions: number;
  world: SimWorld;
}

/** The command that replays one seed. */
export const replayCommand = (seed: number) => `SIM_SEED=${seed} npm run sim`;

/**
 * Builds and runs the schedule of one seed: the seed picks the event's capacity and kind, the
 * people, the fault rates, every step and every fault draw. Then the world settles with the faults
 * off and the invariants are checked. A 5xx while settling (no faults left to blame) is broken too.
 */
export async function runSeed(seed: number): Promise<ScheduleResult> {
  const setup = seededRandom(seed ^ 0x51_3d_a7);
  const upTo = (max: number) => Math.round(setup() * max * 1000) / 1000;
  const event = {
    id: `sim${seed}`,
    year: 2026,
    ename: 'Blueprint',
    imageUrl: 'https://example.com/blueprint.png',
    isApplicationBased: setup() < 0.25,
    capac: 1 + Math.floor(setup() * 4),
    pricing: { members: 10, nonMembers: 19.99 },
  };
  const world = createSimWorld(seed, event, {
    store: { throttle: upTo(0.1), lostResponse: upTo(0.06), crash: upTo(0.06) },
    stripe: {
      webhookDrop: upTo(0.4),
      webhookDuplicate: upTo(0.5),
      webhookDelayMs: Math.floor(setup() * 10 * 60_000),
      apiFail: upTo(0.1),
    },
  });
  const people = Array.from({ length: 2 + Math.floor(setup() * 4) }, (_, i) => `p${i}-${seed}@ubc.ca`);
  for (const id of people) world.stores.seedUser({ id, isMember: false, fname: 'Grace', lname: 'Hopper' });
  try {
    const steps = await runSchedule(world, 12 + Math.floor(setup() * 19), people);
    calm(world);
    const before = world.tally.answers5xx;
    const passes = await settle(world);
    const broken: string[] = [];
    if (passes === undefined) broken.push('reconcile never settled with every fault off');
    if (world.tally.answers5xx > before)
      broken.push(`${world.tally.answers5xx - before} answers were 5xx with every fault off`);
    broken.push(...(await brokenInvariants(world)));
    const paidSessions = world.local.sessions().filter((s) => s.payment_status === 'paid').length;
    return { seed, steps, broken, passes, paidSessions, world };
  } finally {
    await world.local.close();
  }
}

/** Totals over a run of schedules, for the figures. */
export interface SimFigures {
  schedules: number;
  failed: number[];
  steps: number;
  paidSessions: number;
  maxPasses: number;
  throttled: number;
  lostResponses: number;
  crashes: number;
  answers5xx: number;
  noAnswer: number;
  events: number;
  dropped: number;
  duplicated: number;
  deliveries: number;
  elapsedMs: number;
  /** Answers by `METHOD route status`. */
  statuses: Map<string, number>;
}

/** Runs `count` seeds from `first` (one after another); `onFailure` hears each failing seed. */
export async function runSeeds(
  first: number,
  count: number,
  onFailure: (result: ScheduleResult) => void = () => {},
): Promise<SimFigures> {
  const figures: SimFigures = {
    schedules: 0,
    failed: [],
    steps: 0,
    paidSessions: 0,
    maxPasses: 0,
    throttled: 0,
    lostResponses: 0,
    crashes: 0,
    answers5xx: 0,
    noAnswer: 0,
    events: 0,
    dropped: 0,
    duplicated: 0,
    deliveries: 0,
    elapsedMs: 0,
    statuses: new Map(),
  };
  const started = performance.now();
  for (let seed = first; seed < first + count; seed += 1) {
    const result = await runSeed(seed);
    const { tally, deliveries } = result.world;
    figures.schedules += 1;
    figures.steps += result.steps.length;
    figures.paidSessions += result.paidSessions;
    figures.maxPasses = Math.max(figures.maxPasses, result.passes ?? 0);
    figures.throttled += tally.throttled;
    figures.lostResponses += tally.lostResponses;
    figures.crashes += tally.crashes;
    figures.answers5xx += tally.answers5xx;
    figures.noAnswer += tally.noAnswer;
    figures.events += deliveries.tally.events;
    figures.dropped += deliveries.tally.dropped;
    figures.duplicated += deliveries.tally.duplicated;
    figures.deliveries += deliveries.tally.attempts;
    for (const [key, n] of tally.statuses) figures.statuses.set(key, (figures.statuses.get(key) ?? 0) + n);
    if (result.broken.length > 0) {
      figures.failed.push(seed);
      onFailure(result);
    }
  }
  figures.elapsedMs = performance.now() - started;
  return figures;
}

/** A failing seed, its broken invariants, its steps and the command that replays it. */
export function describeFailure(result: ScheduleResult): string {
  return [
    `seed ${result.seed} broke ${result.broken.length} invariant(s):`,
    ...result.broken.map((line) => `  - ${line}`),
    `  steps: ${result.steps.join(' → ')}`,
    `  replay: ${replayCommand(result.seed)}`,
  ].join('\n');
}

/** The figures as the lines `npm run sim` prints. */
export function describeFigures(f: SimFigures): string {
  const perSchedule = f.schedules === 0 ? 0 : f.elapsedMs / f.schedules;
  return [
    `schedules: ${f.schedules} (${f.steps} steps), failed: ${f.failed.length}${f.failed.length ? ` (seeds ${f.failed.slice(0, 20).join(', ')})` : ''}`,
    `paid sessions checked: ${f.paidSessions}; most reconcile passes to settle: ${f.maxPasses}`,
    `store faults injected: ${f.throttled} throttled, ${f.lostResponses} lost responses, ${f.crashes} crashes after commit`,
    `answers: ${f.answers5xx} 5xx, ${f.noAnswer} never answered (crashed)`,
    `Stripe events: ${f.events} (${f.dropped} dropped, ${f.duplicated} duplicated), ${f.deliveries} delivery attempts`,
    `answers by route: ${[...f.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`)
      .join('; ')}`,
    `time: ${(f.elapsedMs / 1000).toFixed(1)} s, ${perSchedule.toFixed(1)} ms per schedule`,
  ].join('\n');
}
