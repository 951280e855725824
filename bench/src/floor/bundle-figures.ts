import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BundleRow, FloorReport } from './benchmarks-md.ts';

const DEPLOYMENT = fileURLToPath(new URL('../../../examples/deployment', import.meta.url));
const MARKER = 'BUNDLE_FIGURES_JSON ';

/**
 * The deployment example's bundle figures (`pnpm bundle-figures` there: each function, the whole
 * API and the naive bundle, built with the same settings; cold import medians of 10 fresh
 * processes), read from the JSON line it prints when `BUNDLE_FIGURES_JSON=1`.
 */
export async function bundleFigures(): Promise<FloorReport['bundles']> {
  const run = spawnSync('pnpm', ['run', '--silent', 'bundle-figures'], {
    cwd: DEPLOYMENT,
    env: { ...process.env, BUNDLE_FIGURES_JSON: '1' },
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = (run.stdout ?? '').split('\n').find((l) => l.startsWith(MARKER));
  if (run.status !== 0 || line === undefined) {
    return {
      missing: `\`pnpm bundle-figures\` in examples/deployment failed (${run.status}): ${(run.stderr ?? '').slice(-300)}`,
    };
  }
  const { rows, naive } = JSON.parse(line.slice(MARKER.length)) as { rows: BundleRow[]; naive: BundleRow };
  return { rows, naive };
}
