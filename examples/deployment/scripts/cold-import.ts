import { coldImportSamples, median } from './cold-import-timing.ts';

// `pnpm cold-import <bundle.mjs>...`: how long a fresh Node process takes to import each Lambda
// bundle (a cold start's module loading), median of `RUNS` (default 5) processes per bundle, the
// bundles taking turns so that machine noise falls on all of them alike.
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: cold-import <bundle.mjs> [<bundle.mjs> ...]');
  process.exit(2);
}
for (const [file, values] of coldImportSamples(files, Number(process.env.RUNS ?? 5))) {
  const wall = median(values.map((v) => v.wallMs));
  const cpu = median(values.map((v) => v.cpuMs));
  console.log(`${wall.toFixed(1)} ms wall, ${cpu.toFixed(1)} ms CPU (medians of ${values.length})  ${file}`);
}
