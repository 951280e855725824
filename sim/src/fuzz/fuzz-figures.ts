/** What the fuzz saw on one route. */
export interface RouteTally {
  route: string;
  requests: number;
  crashes: number;
  /** Answers ≥ 500. */
  server: number;
  /** 4xx answers that wrote to DynamoDB or POSTed to Stripe. */
  writesOn4xx: number;
  /** DynamoDB writes and Stripe POSTs of 2xx answers: shows the counters count. */
  writesOn2xx: number;
  /** 4xx answers that wrote by design (see `WRITES_BY_DESIGN`), counted apart. */
  writesByDesign: number;
  elapsedMs: number;
  statuses: Map<number, number>;
}

/** The fuzz figures as a Markdown table: requests, 5xx, writes on a 4xx, crashes and statuses per route. */
export function describeFuzzFigures(tallies: readonly RouteTally[], runs: number, seed: number): string {
  const total = (pick: (t: RouteTally) => number) => tallies.reduce((sum, t) => sum + pick(t), 0);
  const lines = [
    `fuzz figures (FUZZ_RUNS=${runs} per route, FUZZ_SEED=${seed}): ${tallies.length} routes, ${total((t) => t.requests)} requests, ` +
      `${total((t) => t.server)} 5xx, ${total((t) => t.writesOn4xx)} writes on a 4xx, ${total((t) => t.crashes)} crashes ` +
      `(${total((t) => t.writesByDesign)} 4xx answers wrote by design; ${total((t) => t.writesOn2xx)} writes counted on 2xx answers), ` +
      `${(total((t) => t.elapsedMs) / 1000).toFixed(1)} s`,
    '',
    '| route | requests | 5xx | 4xx that wrote | 4xx that wrote by design | crashes | writes on 2xx | ms | statuses |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...tallies.map(
      (t) =>
        `| \`${t.route}\` | ${t.requests} | ${t.server} | ${t.writesOn4xx} | ${t.writesByDesign} | ${t.crashes} | ${t.writesOn2xx} | ${Math.round(t.elapsedMs)} | ${[
          ...t.statuses,
        ]
          .sort(([a], [b]) => a - b)
          .map(([status, n]) => `${status}×${n}`)
          .join(' ')} |`,
    ),
  ];
  return lines.join('\n');
}
