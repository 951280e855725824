import { startDynamoLocal } from '@biztech/dev-services';
import { fmt, summarize } from './stats.ts';
import { stepThroughput } from './step-throughput.ts';
import { webhookCosts } from './webhook-costs.ts';

// `npm run bench`: figures, never assertions. Round trips are deterministic; latencies depend on the machine.
const cycles = Number(process.env.BENCH_CYCLES ?? 2000);
const records = Number(process.env.BENCH_RECORDS ?? 100);

stepThroughput(200); // warm up the JIT
const steps = stepThroughput(cycles);
console.log(`pure step throughput (${cycles} cycles, one core)`);
console.log(`  registration steps/s ${fmt(steps.registration, 10, 0)}`);
console.log(`  membership steps/s   ${fmt(steps.membership, 10, 0)}`);

const dynamo = await startDynamoLocal();
try {
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
} finally {
  await dynamo.stop();
}
