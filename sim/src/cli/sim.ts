import { describeFailure, describeFigures, runSeeds } from '../run-schedules.ts';

// `npm run sim`: SIM_SCHEDULES seeds (1000 unless given) from SIM_FIRST_SEED (1), or only SIM_SEED.
const single = process.env.SIM_SEED;
const first = Number(single ?? process.env.SIM_FIRST_SEED ?? 1);
const count = single === undefined ? Number(process.env.SIM_SCHEDULES ?? 1000) : 1;
if (!Number.isSafeInteger(first) || !Number.isSafeInteger(count) || count < 1) {
  console.error('SIM_SEED / SIM_FIRST_SEED must be whole numbers and SIM_SCHEDULES at least 1');
  process.exit(2);
}
console.log(`sim: ${count} schedule(s) from seed ${first} (node ${process.version})`);
const figures = await runSeeds(first, count, (result) => console.error(describeFailure(result)));
console.log(describeFigures(figures));
process.exitCode = figures.failed.length === 0 ? 0 : 1;
