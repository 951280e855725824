import { fileURLToPath } from 'node:url';
import { startDynamoLocal } from '@biztech/dev-services';
import { writeBenchmarks } from './floor/benchmarks-md.ts';
import { bundleFigures } from './floor/bundle-figures.ts';
import { latencyFigures } from './floor/latency-figures.ts';
import { type LoadFigures, loadFigures } from './floor/load-figures.ts';
import { operationsFigures } from './operations-figures.ts';
import { fmt, summarize } from './stats.ts';
import { stepThroughput } from './step-throughput.ts';
import { webhookCosts } from './webhook-costs.ts';

// `npm run bench`: figures, never assertions. Round trips are deterministic; latencies depend on the machine.
const cycles = Number(process.env.BENCH_CYCLES ?? 2000);
const records = Number(process.env.BENCH_RECORDS ?? 100);
const reconcilePayments = Number(process.env.BENCH_RECONCILE_PAYMENTS ?? 1000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 300);
const loadWebhooks = Number(process.env.BENCH_LOAD_WEBHOOKS ?? 1500);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? '16,64').split(',').map(Number);

stepThroughput(200); // warm up the JIT
const steps = stepThroughput(cycles);
console.log(`pure step throughput (${cycles} cycles, one core)`);
console.log(`  registration steps/s ${fmt(steps.registration, 10, 0)}`);
console.log(`  membership steps/s   ${fmt(steps.membership, 10, 0)}`);

const dynamo = await startDynamoLocal();
try {
  // The figures against the floor first (docs/BENCHMARKS.md), on a quiet DynamoDB Local.
  const latency = await latencyFigures(dynamo, rounds);
  console.log(
    `webhook through the handler vs the same calls bare (${latency.rounds} interleaved rounds): ` +
      `p50 ${latency.handlerP50.toFixed(2)} vs ${latency.bareP50.toFixed(2)} ms = ${latency.ratio.toFixed(2)}×; ` +
      `step ${(latency.stepShare * 100).toFixed(2)}%; calls ${JSON.stringify(latency.handlerCalls)}`,
  );
  const load: LoadFigures[] = [];
  for (const concurrency of concurrencies) {
    const f = await loadFigures(dynamo, concurrency, loadWebhooks);
    load.push(f);
    console.log(
      `load at ${concurrency}: ${f.serverPerSecond.toFixed(0)}/s vs raw ${f.rawPerSecond.toFixed(0)}/s = ` +
        `${f.ratio.toFixed(2)}×, p99 ${f.serverP99.toFixed(1)} ms, ${f.errors} errors`,
    );
  }
  const bundles = await bundleFigures();
  const target = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));
  await writeBenchmarks(target, { command: 'npm run bench', latency, load, bundles });
  console.log(`wrote ${target}\n`);

  const costs = await webhookCosts(dynamo, records);
  console.log(`\nwebhook paths on DynamoDB Local (${records} records each; ms)`);
  console.log(
    `  ${'operation'.padEnd(34)}     mean      p50      p95      max  DynamoDB calls per operation`,
  );
  for (const c of costs) {
    const s = summarize(c.ms);
    console.log(
      `  ${c.label.padEnd(34)} ${fmt(s.mean)} ${fmt(s.p50)} ${fmt(s.p95)} ${fmt(s.max)}  ${JSON.stringify(c.calls.commands)}`,
    );
  }
  const ops = await operationsFigures(dynamo, reconcilePayments);
  const perEvent = (ms: number, n: number) => (n === 0 ? 'n/a' : `${(ms / n).toFixed(2)} ms/event`);
  console.log(
    `\nreconciler and outbox on DynamoDB Local (${ops.payments} paid registrations, every webhook dropped)`,
  );
  console.log(
    `  catch-up pass: ${ops.catchUp.report.examined} Stripe events examined, ${ops.catchUp.report.applied} applied ` +
      `in ${ops.catchUp.ms.toFixed(0)} ms (${perEvent(ops.catchUp.ms, ops.catchUp.report.examined)})`,
  );
  console.log(
    `  replay pass:   ${ops.replay.report.examined} examined, ${ops.replay.report.duplicate} duplicates ` +
      `in ${ops.replay.ms.toFixed(0)} ms (${perEvent(ops.replay.ms, ops.replay.report.examined)})`,
  );
  console.log(
    `  outbox drain:  ${ops.drain.items} emails the fast path could not send, carried out in ` +
      `${ops.drain.ms.toFixed(0)} ms (${perEvent(ops.drain.ms, ops.drain.items).replace('event', 'item')}); ` +
      'a failed item is first retried 1 s after its failure (then 2, 4, … s, at most 15 min)',
  );
} finally {
  await dynamo.stop();
}
