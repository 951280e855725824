import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const PROBE =
  'const t = performance.now(); await import(process.argv[1]); console.log((performance.now() - t).toFixed(1));';

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * How long a fresh Node process takes to import each bundle (a cold start's module loading, in
 * milliseconds), `runs` processes per bundle, the bundles taking turns so that machine noise falls
 * on all of them alike. Returns every sample per file.
 */
export function coldImportSamples(files: readonly string[], runs: number): Map<string, number[]> {
  const samples = new Map<string, number[]>(files.map((file) => [file, []]));
  for (let round = 0; round < runs; round++) {
    for (const file of files) {
      const out = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', PROBE, pathToFileURL(file).href],
        {
          encoding: 'utf8',
        },
      );
      samples.get(file)?.push(Number(out.trim()));
    }
  }
  return samples;
}
