import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import {
  BUNDLE_FILE,
  DEFAULT_BUNDLE_DIR,
  LAMBDA_FUNCTIONS,
  type LambdaFunctionName,
} from '../src/bundle-location.ts';
import {
  lazyOnlyAwsModules,
  prebuiltOpenApiDocument,
  zodEnglishOnly,
  zodNamespaceImports,
} from './bundle-plugins.ts';

/**
 * The esbuild settings of every Lambda bundle (and of the naive bundle `scripts/bundle-figures.ts`
 * compares them with): one ESM file per entry for Node 20, minified, dynamic imports split into
 * `chunks/`, workspace packages from their TypeScript sources.
 */
export const LAMBDA_BUILD_OPTIONS = {
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  metafile: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  // Workspace packages export TypeScript under `source`: no `pnpm build` needed before bundling.
  // `module` too: the AWS SDK's packages then resolve to their ES modules (`dist-es`), which esbuild
  // can shake, instead of CommonJS (`dist-cjs`), which it must take whole (about 40% smaller).
  conditions: ['source', 'module'],
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [zodNamespaceImports, zodEnglishOnly, lazyOnlyAwsModules, prebuiltOpenApiDocument],
  // CommonJS dependencies call require() for Node built-ins; an ESM bundle has no require of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);",
  },
} satisfies BuildOptions;

/** `entry` and every output it imports statically, transitively (dynamic imports excluded): what a cold start loads. */
export function staticallyLoadedOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    const output = metafile.outputs[path];
    if (output === undefined || seen.has(path)) return;
    seen.add(path);
    for (const imported of output.imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

/** Bytes of {@link staticallyLoadedOutputs}. */
export function staticallyLoadedBytes(metafile: Metafile, entry: string): number {
  return staticallyLoadedOutputs(metafile, entry).reduce(
    (sum, path) => sum + (metafile.outputs[path]?.bytes ?? 0),
    0,
  );
}

/** One function's bundle. */
export interface FunctionBundle {
  /** The function's name in `LAMBDA_FUNCTIONS`. */
  name: LambdaFunctionName;
  /** The folder to deploy as the function's code: its `index.mjs`, the chunks it loads lazily, source maps. */
  dir: string;
  /** The function's entry file, `<dir>/index.mjs`. */
  file: string;
  /** What a cold start loads: the entry and the chunks it imports statically. */
  coldStartBytes: number;
  /** The files of {@link coldStartBytes} (absolute paths). */
  coldStartFiles: string[];
  /** Every JavaScript file of the bundle, lazily loaded chunks included. */
  totalBytes: number;
}

/** What a bundling run wrote: one folder per function under `dir`. */
export interface LambdaBundles {
  dir: string;
  functions: Record<LambdaFunctionName, FunctionBundle>;
}

/**
 * Bundles one entry and everything it imports into `<outdir>/index.mjs` (plus `chunks/` for what
 * it imports only dynamically), with {@link LAMBDA_BUILD_OPTIONS}.
 */
export async function bundleEntry(entry: string, outdir: string): Promise<Omit<FunctionBundle, 'name'>> {
  // Chunk names carry content hashes: an earlier build's chunks would otherwise stay and be deployed.
  await rm(join(outdir, 'chunks'), { recursive: true, force: true });
  const { metafile } = await build({ ...LAMBDA_BUILD_OPTIONS, entryPoints: { index: entry }, outdir });
  const outputs = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const main = outputs.find(([path]) => path.endsWith(`/${BUNDLE_FILE}`) || path === BUNDLE_FILE)?.[0];
  if (main === undefined)
    throw new Error(`esbuild wrote no ${BUNDLE_FILE} (outputs: ${outputs.map(([p]) => p).join(', ')})`);
  const file = join(outdir, BUNDLE_FILE);
  return {
    dir: outdir,
    file,
    coldStartBytes: staticallyLoadedBytes(metafile, main),
    coldStartFiles: staticallyLoadedOutputs(metafile, main).map((path) => resolve(path)),
    totalBytes: outputs.reduce((sum, [, output]) => sum + output.bytes, 0),
  };
}

/**
 * Bundles each function of `LAMBDA_FUNCTIONS` on its own, into `<outdir>/<name>/`: a function's
 * code holds only what its entry imports (the workspace packages from their TypeScript sources,
 * the AWS SDK clients and Stripe where that entry uses them). Nothing is left to the runtime's
 * preinstalled AWS SDK, whose version changes under you. What an entry imports only dynamically
 * goes into its own chunk under `chunks/`, so a cold start neither loads nor parses it.
 *
 * @example
 * ```ts
 * const { functions } = await bundleLambdas({ outdir: '/tmp/payments-lambda' });
 * console.log(functions.webhooks.coldStartBytes);
 * ```
 */
export async function bundleLambdas(options: { outdir?: string } = {}): Promise<LambdaBundles> {
  const dir = options.outdir ?? DEFAULT_BUNDLE_DIR;
  const functions: Partial<Record<LambdaFunctionName, FunctionBundle>> = {};
  // One after the other: esbuild uses every core already, and the machine has two.
  for (const [name, entry] of Object.entries(LAMBDA_FUNCTIONS) as Array<[LambdaFunctionName, string]>) {
    functions[name] = { name, ...(await bundleEntry(entry, join(dir, name))) };
  }
  return { dir, functions: functions as Record<LambdaFunctionName, FunctionBundle> };
}
