/**
 * Fault knobs, for demos and chaos tests: lost, duplicated and reordered webhook deliveries, and API
 * calls that fail with Stripe's `500 api_error`. Every knob defaults to 0 (off).
 */
export interface StripeLocalFaults {
  /** Probability (0–1) that an event is never delivered to any endpoint, retries included. It is still listed. */
  webhookDrop?: number;
  /** Probability (0–1) that a delivery (one event to one endpoint) is sent twice. */
  webhookDuplicate?: number;
  /** Each delivery waits a random 0–N ms (integer N ≥ 0) before it is sent, so events can arrive out of order. */
  webhookDelayMs?: number;
  /** Probability (0–1) that a `/v1` API call answers `500 api_error` without doing anything. */
  apiFail?: number;
}

/** Every knob off. */
export const NO_FAULTS: Readonly<Required<StripeLocalFaults>> = Object.freeze({
  webhookDrop: 0,
  webhookDuplicate: 0,
  webhookDelayMs: 0,
  apiFail: 0,
});

const PROBABILITIES = ['webhookDrop', 'webhookDuplicate', 'apiFail'] as const;

/**
 * Fills in defaults and checks ranges.
 *
 * @throws TypeError for a probability outside 0–1 or a delay that is not a non-negative integer.
 */
export function resolveFaults(faults: StripeLocalFaults = {}): Required<StripeLocalFaults> {
  const resolved = { ...NO_FAULTS, ...withoutUndefined(faults) };
  for (const name of PROBABILITIES) {
    const value = resolved[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      throw new TypeError(`faults.${name} must be a probability from 0 to 1, got ${String(value)}.`);
    }
  }
  const delay = resolved.webhookDelayMs;
  if (typeof delay !== 'number' || !Number.isSafeInteger(delay) || delay < 0) {
    throw new TypeError(`faults.webhookDelayMs must be a non-negative integer, got ${String(delay)}.`);
  }
  return resolved;
}

function withoutUndefined(faults: StripeLocalFaults): StripeLocalFaults {
  return Object.fromEntries(Object.entries(faults).filter(([, value]) => value !== undefined));
}

/**
 * True with probability `p`. Draws from `random` only when 0 < p < 1, so knobs at 0 or 1 never consume
 * random numbers (a scripted RNG in a test then only feeds the knobs that are really random).
 */
export function chance(p: number, random: () => number): boolean {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return random() < p;
}

/** A random whole number of milliseconds from 0 to `maxMs` inclusive; no draw when `maxMs` is 0. */
export function randomDelay(maxMs: number, random: () => number): number {
  if (maxMs <= 0) return 0;
  return Math.min(maxMs, Math.floor(random() * (maxMs + 1)));
}

/**
 * A small seeded pseudo-random generator (mulberry32) returning numbers in [0, 1), for the `random`
 * option: the same seed gives the same faults, so a chaos test fails the same way every time.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
