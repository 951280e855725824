import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

// `pnpm cold-import <bundle.mjs>...`: how long a fresh Node process takes to import each Lambda
// bundle (a cold start's module loading), median of `RUNS` (default 5) processes per bundle, the
// bundles taking turns so that machine noise falls on all of them alike.
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: cold-import <bundle.mjs> [<bundle.mjs> ...]');
  process.exit(2);
}
const runs = Number(process.env.RUNS ?? 5);
const probe =
  'const t = performance.now(); await import(process.argv[1]); console.log((performance.now() - t).toFixed(1));';
const samples = new Map<string, number[]>(files.map((file) => [file, []]));
for (let round = 0; round < runs; round++) {
  for (const file of files) {
    const out = execFileSync(
      process.execPath,
      ['--input-type=module', '-e', probe, pathToFileURL(file).href],
      {
        encoding: 'utf8',
      },
    );
    samples.get(file)?.push(Number(out.trim()));
  }
}
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
for (const [file, values] of samples) {
  console.log(`${median(values).toFixed(1)} ms median of ${values.length} (${values.join(', ')})  ${file}`);
}
