import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambdas, type LambdaBundles } from '../../scripts/bundle-lambda.ts';

/**
 * Bundles every Lambda function into a fresh temporary folder (`<dir>/<function>/index.mjs`);
 * `dispose` removes it.
 *
 * @param options.loadedByNode put the bundles under a `node_modules` folder: vitest hands modules
 *   there to Node's own ESM loader (as Lambda's runtime loads them) instead of transforming them,
 *   which could hide what plain Node makes of the file (e.g. `require` inside an ES module)
 */
export async function bundleToTempDir(
  options: { loadedByNode?: boolean } = {},
): Promise<LambdaBundles & { dispose(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'payments-lambda-'));
  const dir = options.loadedByNode ? join(root, 'node_modules', 'payments-lambda') : root;
  const bundles = await bundleLambdas({ outdir: dir });
  return { ...bundles, dispose: () => rm(root, { recursive: true, force: true }) };
}
