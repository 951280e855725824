import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { BUNDLE_FILE, DEFAULT_BUNDLE_DIR, LAMBDA_ENTRY, OPERATIONS_ENTRY } from '../src/bundle-location.ts';

/** What a bundling run wrote. */
export interface LambdaBundle {
  /** The folder to deploy (the bundle and its source map). */
  dir: string;
  /** The bundle's entry: `<dir>/index.mjs`. */
  file: string;
  /** Size of the entry file. */
  bytes: number;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  coldStartBytes: number;
  /** Every JavaScript file of the bundle, lazily loaded chunks included. */
  totalBytes: number;
}

/** Bytes of `entry` and of every output it imports statically, transitively (dynamic imports excluded). */
function staticallyLoadedBytes(metafile: Metafile, entry: string): number {
  const seen = new Set<string>();
  const visit = (path: string) => {
    const output = metafile.outputs[path];
    if (output === undefined || seen.has(path)) return;
    seen.add(path);
    for (const imported of output.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen].reduce((sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0), 0);
}

/**
 * Bundles `src/lambda-entry.ts` and everything it imports (the workspace packages from their
 * TypeScript sources, the AWS SDK clients, Stripe) into one ESM file for Lambda's Node 20 runtime.
 * Nothing is left to the runtime's preinstalled AWS SDK, whose version changes under you. What is only
 * imported dynamically (the OpenAPI document's generator, loaded by the first `GET /openapi.json`)
 * goes into its own chunk under `chunks/`, so a cold start neither loads nor parses it.
 *
 * @example
 * ```ts
 * const { file, bytes } = await bundleLambda({ outdir: '/tmp/payments-lambda' });
 * ```
 */
export async function bundleLambda(options: { outdir?: string } = {}): Promise<LambdaBundle> {
  const dir = options.outdir ?? DEFAULT_BUNDLE_DIR;
  const file = join(dir, BUNDLE_FILE);
  // Chunk names carry content hashes: an earlier build's chunks would otherwise stay and be deployed.
  await rm(join(dir, 'chunks'), { recursive: true, force: true });
  const { metafile } = await build({
    // Two functions, one folder: the API (`index.mjs`) and the operations jobs (`operations.mjs`) share chunks.
    entryPoints: { index: LAMBDA_ENTRY, operations: OPERATIONS_ENTRY },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    metafile: true,
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
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const entry = outputs.find(([path]) => path.endsWith(`/${BUNDLE_FILE}`) || path === BUNDLE_FILE)?.[0];
  if (entry === undefined)
    throw new Error(`esbuild wrote no ${BUNDLE_FILE} (outputs: ${outputs.map(([p]) => p).join(', ')})`);
  return {
    dir,
    file,
    bytes: (await stat(file)).size,
    coldStartBytes: staticallyLoadedBytes(metafile, entry),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
  };
}
