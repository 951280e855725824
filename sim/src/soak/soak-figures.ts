/** One sampling point of the soak: the payments process after a forced GC, and the traffic since the last one. */
export interface SoakSample {
  minute: number;
  heapUsedMb: number;
  rssMb: number;
  openFds: number;
  /** How long the last reconcile pass took (it reads every registration of the event). */
  reconcileMs: number;
  requests: number;
  errors: number;
  paid: number;
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: readonly number[], p: number) =>
  sorted.length === 0
    ? 0
    : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);

/** p50 and p99 of a window's latencies. */
export function latencyPercentiles(latencies: readonly number[]): { p50Ms: number; p99Ms: number } {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** The soak's verdict: heap growth from minute 2 (or the first sample) to the last, and fd growth. */
export interface SoakVerdict {
  from: SoakSample;
  to: SoakSample;
  heapGrowthPct: number;
  fdGrowth: number;
  heapOk: boolean;
  fdsOk: boolean;
}

/** Compares minute 2 (the first sample when the run is shorter) with the last: goal heap < +10 %, no fd growth. */
export function soakVerdict(samples: readonly SoakSample[]): SoakVerdict {
  const from = samples.find((s) => s.minute === 2) ?? (samples[0] as SoakSample);
  const to = samples.at(-1) as SoakSample;
  const heapGrowthPct = ((to.heapUsedMb - from.heapUsedMb) / from.heapUsedMb) * 100;
  const fdGrowth = to.openFds - from.openFds;
  return { from, to, heapGrowthPct, fdGrowth, heapOk: heapGrowthPct < 10, fdsOk: fdGrowth <= 0 };
}

/** The samples as a Markdown table, then the verdict lines. */
export function describeSoak(samples: readonly SoakSample[], verdict: SoakVerdict): string {
  const total = (pick: (s: SoakSample) => number) => samples.reduce((sum, s) => sum + pick(s), 0);
  return [
    '| minute | heap after GC (MB) | RSS (MB) | open fds | requests | 5xx or no answer | paid | p50 ms | p99 ms | last reconcile pass ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...samples.map(
      (s) =>
        `| ${s.minute} | ${s.heapUsedMb.toFixed(1)} | ${s.rssMb.toFixed(0)} | ${s.openFds} | ${s.requests} | ${s.errors} | ${s.paid} | ${s.p50Ms.toFixed(1)} | ${s.p99Ms.toFixed(1)} | ${Math.round(s.reconcileMs)} |`,
    ),
    '',
    `heap after GC: ${verdict.from.heapUsedMb.toFixed(1)} MB at minute ${verdict.from.minute} → ${verdict.to.heapUsedMb.toFixed(1)} MB at minute ${verdict.to.minute}: ` +
      `${verdict.heapGrowthPct >= 0 ? '+' : ''}${verdict.heapGrowthPct.toFixed(1)} % (goal < +10 %: ${verdict.heapOk ? 'met' : 'NOT met'})`,
    `open file descriptors: ${verdict.from.openFds} → ${verdict.to.openFds} (${verdict.fdGrowth >= 0 ? '+' : ''}${verdict.fdGrowth}; goal no growth: ${verdict.fdsOk ? 'met' : 'NOT met'})`,
    `traffic: ${total((s) => s.requests)} requests, ${total((s) => s.errors)} 5xx or unanswered, ${total((s) => s.paid)} checkouts paid`,
  ].join('\n');
}
