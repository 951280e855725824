import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_FILE, DEFAULT_BUNDLE_DIR, LAMBDA_ENTRY } from '../src/bundle-location.ts';

/** What a bundling run wrote. */
export interface LambdaBundle {
  /** The folder to deploy (the bundle and its source map). */
  dir: string;
  /** The bundle itself: `<dir>/index.mjs`. */
  file: string;
  bytes: number;
}

/**
 * Bundles `src/lambda-entry.ts` and everything it imports (the workspace packages from their
 * TypeScript sources, the AWS SDK clients, Stripe) into one ESM file for Lambda's Node 20 runtime.
 * Nothing is left to the runtime's preinstalled AWS SDK, whose version changes under you.
 *
 * @example
 * ```ts
 * const { file, bytes } = await bundleLambda({ outdir: '/tmp/payments-lambda' });
 * ```
 */
export async function bundleLambda(options: { outdir?: string } = {}): Promise<LambdaBundle> {
  const dir = options.outdir ?? DEFAULT_BUNDLE_DIR;
  const file = join(dir, BUNDLE_FILE);
  await build({
    entryPoints: [LAMBDA_ENTRY],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // Workspace packages export TypeScript under `source`: no `pnpm build` needed before bundling.
    conditions: ['source'],
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    legalComments: 'none',
    logLevel: 'warning',
    // CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
    },
  });
  return { dir, file, bytes: (await stat(file)).size };
}
