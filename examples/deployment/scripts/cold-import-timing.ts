import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

// Wall time, and the CPU time (user + system) the import used: on a shared machine the wall time
// also counts waiting for a core; the CPU time is what the import itself cost.
const PROBE =
  'const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); ' +
  'const u = process.cpuUsage(c); console.log((performance.now() - t).toFixed(1), ((u.user + u.system) / 1000).toFixed(1));';

/** One import of a bundle in a fresh process, in milliseconds. */
export interface ImportSample {
  wallMs: number;
  cpuMs: number;
}

/** The median of `values` (the upper one of an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * How long a fresh Node process takes to import each bundle (a cold start's module loading and
 * evaluation), `runs` processes per bundle, the bundles taking turns so that machine noise falls
 * on all of them alike. Returns every sample per file.
 */
export function coldImportSamples(files: readonly string[], runs: number): Map<string, ImportSample[]> {
  const samples = new Map<string, ImportSample[]>(files.map((file) => [file, []]));
  for (let round = 0; round < runs; round++) {
    for (const file of files) {
      const out = execFileSync(
        process.execPath,
        ['--input-type=module', '-e', PROBE, pathToFileURL(file).href],
        {
          encoding: 'utf8',
        },
      );
      const [wallMs, cpuMs] = out.trim().split(' ').map(Number) as [number, number];
      samples.get(file)?.push({ wallMs, cpuMs });
    }
  }
  return samples;
}
