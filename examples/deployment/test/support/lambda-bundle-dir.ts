import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambda, type LambdaBundle } from '../../scripts/bundle-lambda.ts';

/**
 * Bundles the Lambda entry into a fresh temporary folder; `dispose` removes it.
 *
 * @param options.loadedByNode put the bundle under a `node_modules` folder: vitest hands modules
 *   there to Node's own ESM loader (as Lambda's runtime loads it) instead of transforming them,
 *   which could hide what plain Node makes of the file (e.g. `require` inside an ES module)
 */
export async function bundleToTempDir(
  options: { loadedByNode?: boolean } = {},
): Promise<LambdaBundle & { dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'payments-lambda-'));
  const dir = options.loadedByNode ? join(root, 'node_modules', 'payments-lambda') : root;
  const bundle = await bundleLambda({ outdir: dir });
  return { ...bundle, dispose: () => rm(root, { recursive: true, force: true }) };
}
