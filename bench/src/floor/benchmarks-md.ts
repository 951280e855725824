import { writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import type { LatencyFigures } from './latency-figures.ts';
import type { LoadFigures } from './load-figures.ts';

/** One function's bundle against the naive bundle (sizes in bytes, cold imports in ms). */
export interface BundleRow {
  name: string;
  bytes: number;
  wallMs: number;
  cpuMs: number;
}

/** Everything `docs/BENCHMARKS.md` reports. */
export interface FloorReport {
  command: string;
  latency: LatencyFigures;
  load: LoadFigures[];
  bundles: { rows: BundleRow[]; naive: BundleRow } | { missing: string };
}

const x = (n: number) => `${n.toFixed(2)}×`;
const ms = (n: number) => `${n.toFixed(2)} ms`;
const met = (ok: boolean) => (ok ? 'yes' : '**no**');
const calls = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([name, n]) => `${n} ${name.replace('Command', '')}`)
    .join(' + ') || 'none';

/** The Markdown of `docs/BENCHMARKS.md`: the command, the machine, each figure with its goal and whether it is met. */
export function benchmarksMarkdown(r: FloorReport, now = new Date()): string {
  const l = r.latency;
  const total = Object.values(l.handlerCalls).reduce((a, b) => a + b, 0);
  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${r.command}\` on ${now.toISOString().slice(0, 10)}; every figure below is from that one run.`,
    'A figure is a **ratio of two things measured side by side in the same run** (absolute times on a shared',
    'machine mean little). DynamoDB is DynamoDB Local (in memory, `-sharedDb`) on 127.0.0.1.',
    '',
    `Machine: ${cpus().length} CPUs (\`nproc\`), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}.`,
    '',
    '| figure | measured | against | goal | met |',
    '|---|---|---|---|---|',
    `| DynamoDB calls per fulfilled registration webhook, through the handler | ${total} (${calls(l.handlerCalls)}) | the floor: 1 conditional transaction; today's \`eventRegistration()\` replica: ${l.todaysRegistrationCalls} calls, today's \`memberSignup()\` replica: ${l.todaysMembershipCalls}, none atomic | ≤ 2 | ${met(total <= 2)} |`,
    `| its duplicate delivery | ${calls(l.duplicateCalls)} | – | 1 read, 0 writes | ${met(JSON.stringify(l.duplicateCalls) === '{"GetItemCommand":1}')} |`,
    `| webhook latency through the whole handler, p50 of ${l.rounds} interleaved rounds | ${ms(l.handlerP50)}: ${x(l.ratio)} the floor (per-block medians ${x(l.ratioRange[0])}–${x(l.ratioRange[1])}) | the same GetItem + TransactWriteItems made bare on the same client: ${ms(l.bareP50)} | ≤ 1.2× | ${met(l.ratio <= 1.2)} |`,
    `| the step's share of that latency | ${(l.stepShare * 100).toFixed(2)}% (pure \`stepRegistration\` p50 ${ms(l.stepP50)}) | the handler's p50 | < 5% | ${met(l.stepShare < 0.05)} |`,
  ];
  for (const f of r.load) {
    lines.push(
      `| webhooks/s through the Node server at concurrency ${f.concurrency} (${f.webhooks} deliveries, ${f.duplicates} duplicates) | ${f.serverPerSecond.toFixed(0)}/s: ${x(f.ratio)}; p99 ${ms(f.serverP99)}; ${f.errors} errors | raw TransactWriteItems at the same concurrency: ${f.rawPerSecond.toFixed(0)}/s, p99 ${ms(f.rawP99)}${f.rawErrors ? `, ${f.rawErrors} failed` : ''} | ≥ 0.7×, 0 errors | ${met(f.ratio >= 0.7 && f.errors === 0)} |`,
    );
  }
  if ('missing' in r.bundles) {
    lines.push(
      `| Lambda bundles | not measured: ${r.bundles.missing} | – | webhook function ≤ 0.5× | **no** |`,
    );
  } else {
    const { naive } = r.bundles;
    for (const b of r.bundles.rows) {
      const goal = b.name === 'webhooks' ? 0.5 : b.name === 'whole API' ? 1 : undefined;
      const size = b.bytes / naive.bytes;
      const wall = b.wallMs / naive.wallMs;
      lines.push(
        `| Lambda bundle \`${b.name}\`: size / cold import (fresh \`node\`, median of 10) | ${(b.bytes / 1024).toFixed(0)} KiB: ${x(size)} / ${ms(b.wallMs)}: ${x(wall)} (CPU ${x(b.cpuMs / naive.cpuMs)}) | naive bundle (stripe + lib-dynamodb + Cognito client whole): ${(naive.bytes / 1024).toFixed(0)} KiB / ${ms(naive.wallMs)} | ${goal === undefined ? '–' : `≤ ${goal}× both`} | ${goal === undefined ? '–' : met(size <= goal && wall <= goal)} |`,
      );
    }
  }
  lines.push(
    '',
    'How: `bench/src/floor/` — the handler is `createPaymentsHandler` on the DynamoDB stores, fed signed',
    "`checkout.session.completed` events for registrations prepared beforehand; the floor replays the handler's own",
    "captured `GetItem` and `TransactWriteItems` inputs retargeted at another prepared record; today's replicas",
    "(`todays-replica.ts`) follow the seed's description of `services/payments/handler.js`. Goals not met are",
    'reported as they are; the measurement is not tuned to meet them.',
    '',
  );
  return lines.join('\n');
}

/** Writes the report to `path`. */
export async function writeBenchmarks(path: string, report: FloorReport): Promise<void> {
  await writeFile(path, benchmarksMarkdown(report));
}
