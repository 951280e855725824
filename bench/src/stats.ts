/** Summary of a list of durations in milliseconds. */
export function summarize(ms: number[]): { mean: number; p50: number; p95: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** `1.23` with fixed decimals, padded for a table. */
export const fmt = (n: number, width = 8, digits = 2) => n.toFixed(digits).padStart(width);
