import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild, type Plugin } from 'esbuild';

// esbuild plugins of the Lambda bundles. Each keeps the code's behaviour and removes bytes that a
// cold start would otherwise load and parse for nothing; `test/lambda-bundle.test.ts` runs the result.

const WORKSPACE_PACKAGES = fileURLToPath(new URL('../../../packages/', import.meta.url));
const AWS_ADAPTER_SRC = join(WORKSPACE_PACKAGES, 'aws-adapter', 'src');

/**
 * The workspace's sources import zod as `import { z } from 'zod'`: a namespace re-exported as a
 * named binding, which esbuild keeps whole (every schema kind, JSON Schema conversion both ways,
 * ISO helpers: 190 KB). The same module's namespace imported with `import * as z from 'zod'` is
 * the same object, and esbuild keeps only the members used (about 90 KB). The sources stay as
 * they are; the bundle reads them with the namespace form.
 */
export const zodNamespaceImports: Plugin = {
  name: 'zod-namespace-imports',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (!args.path.startsWith(WORKSPACE_PACKAGES) || args.path.includes(`${sep}node_modules${sep}`)) return;
      const text = await readFile(args.path, 'utf8');
      if (!text.includes("import { z } from 'zod';")) return;
      return {
        contents: text.replaceAll("import { z } from 'zod';", "import * as z from 'zod';"),
        loader: 'ts',
      };
    });
  },
};

/**
 * zod 4 re-exports all of its ~60 locales from its namespaces (`z.locales`, `core.locales`); a
 * namespace used as an object keeps every export: 264 KB of translated messages nobody selects.
 * The API's messages are English, the default zod registers from `locales/en.js` on the first
 * schema (not through this index), so the index is replaced by one that offers English only.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|mini|core)$/.test(args.resolveDir)
        ? { path: join(args.resolveDir, '..', 'locales', 'index.js'), namespace: 'zod-english-only' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * The adapters that `createPaymentsFunction` imports only dynamically, on first use: their SDKs
 * (SES v2, Cognito) must not be part of a cold start. esbuild places a module by the files that
 * import it, not by the code that runs: `@biztech/payments-aws`'s index re-exports both adapters,
 * and every function imports that index for its DynamoDB stores, so the SDKs would land in a chunk
 * loaded at start. Here the index's re-exports of the two files become stubs that refuse to run,
 * and http-adapter's lazy modules (`lambda/lazy-*.ts`) get the real files, in their own chunks.
 */
const LAZY_ONLY: Record<string, { file: string; exports: string[] }> = {
  'lazy-ses-sender.ts': { file: 'ses-email-sender.ts', exports: ['createSesEmailSender'] },
  'lazy-cognito-identity.ts': {
    file: 'cognito-identity-provider.ts',
    exports: ['createCognitoIdentityProvider'],
  },
};

export const lazyOnlyAwsModules: Plugin = {
  name: 'lazy-only-aws-modules',
  setup(build) {
    const stubbed = new Map(Object.values(LAZY_ONLY).map((entry) => [`./${entry.file}`, entry]));
    build.onResolve({ filter: /^\.\/[\w-]+\.ts$/ }, (args) =>
      args.importer === join(AWS_ADAPTER_SRC, 'index.ts') && stubbed.has(args.path)
        ? { path: args.path, namespace: 'lazy-only-stub' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-only-stub' }, (args) => ({
      contents: (stubbed.get(args.path)?.exports ?? [])
        .map(
          (name) =>
            `export function ${name}() { throw new Error(${JSON.stringify(`${name} is loaded lazily in the Lambda bundles: import it through http-adapter's lambda/lazy-*.ts`)}); }`,
        )
        .join('\n'),
      loader: 'js',
    }));
    build.onResolve({ filter: /^@biztech\/payments-aws$/ }, (args) => {
      const lazy = LAZY_ONLY[args.importer.split(sep).pop() ?? ''];
      return lazy === undefined ? undefined : { path: join(AWS_ADAPTER_SRC, lazy.file) };
    });
  },
};

const HTTP_ADAPTER_SRC = join(WORKSPACE_PACKAGES, 'http-adapter', 'src');

/** Generates the whole API's OpenAPI document from the sources, in a child Node process. */
async function wholeApiDocumentJson(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'payments-openapi-'));
  try {
    const script = join(dir, 'generate.mjs');
    const document = JSON.stringify(join(HTTP_ADAPTER_SRC, 'openapi', 'document.ts'));
    const routes = JSON.stringify(join(HTTP_ADAPTER_SRC, 'http', 'route-families', 'whole-api.ts'));
    await esbuild({
      stdin: {
        contents: `import { generateOpenApiDocument } from ${document};
import { wholeApiDeclarations } from ${routes};
process.stdout.write(JSON.stringify(generateOpenApiDocument(wholeApiDeclarations())));`,
        resolveDir: HTTP_ADAPTER_SRC,
        loader: 'ts',
      },
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      conditions: ['source', 'module'],
      logLevel: 'warning',
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    return execFileSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * `GET /openapi.json` generates the document with `@hono/zod-openapi` on its first request. In a
 * bundle, that generator keeps all of zod alive (it extends the `z` namespace as a whole), and
 * esbuild places the zod it shares with the routes in a chunk loaded at start: 100 KB more at
 * every cold start of the admin function. The document depends only on the route declarations
 * (and the base path, which adds `servers`), so the bundle carries it generated at build time from
 * every family's declarations, the same ones the admin function documents
 * (`test/lambda-bundle.test.ts` compares the two).
 */
export const prebuiltOpenApiDocument: Plugin = {
  name: 'prebuilt-openapi-document',
  setup(build) {
    build.onResolve({ filter: /^\.\/document\.ts$/ }, (args) =>
      args.importer === join(HTTP_ADAPTER_SRC, 'openapi', 'api-docs.ts')
        ? { path: join(HTTP_ADAPTER_SRC, 'openapi', 'document.ts'), namespace: 'prebuilt-openapi' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'prebuilt-openapi' }, async () => ({
      contents: `const DOCUMENT = ${await wholeApiDocumentJson()};
export function generateOpenApiDocument(_routes, basePath = '') {
  return basePath === '' ? DOCUMENT : { ...DOCUMENT, servers: [{ url: basePath }] };
}`,
      loader: 'js',
    }));
  },
};
