import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const demoDir = fileURLToPath(new URL('../demo/', import.meta.url));

/** The demo page's files, built once at start-up: the script is bundled for the browser with esbuild. */
export interface DemoAssets {
  html: string;
  css: string;
  js: string;
}

/**
 * Bundles `demo/app.ts` (which uses the real typed browser client, `@biztech/payments-http/client`)
 * and reads the page and stylesheet.
 */
export async function buildDemoAssets(): Promise<DemoAssets> {
  const result = await build({
    entryPoints: [`${demoDir}app.ts`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: false,
    legalComments: 'none',
    // Bundle workspace packages from their TypeScript sources, so the page never depends on a stale build.
    conditions: ['source'],
    logLevel: 'silent',
  });
  const [html, css] = await Promise.all([
    readFile(`${demoDir}index.html`, 'utf8'),
    readFile(`${demoDir}styles.css`, 'utf8'),
  ]);
  return { html, css, js: result.outputFiles[0]?.text ?? '' };
}
