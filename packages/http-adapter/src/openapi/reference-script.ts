/**
 * Where the API reference's browser bundle (`@scalar/api-reference`'s standalone UMD build) is read
 * from, so `GET /docs` works offline: the optional `@scalar/api-reference` package next to this one.
 * Resolves to `undefined` where it is not installed or there is no file system (a Lambda bundle, a
 * browser); the page then loads the bundle from the jsDelivr CDN instead.
 *
 * The file is read once, on the first request that needs it, never at import time.
 */
export async function readReferenceScript(): Promise<Uint8Array<ArrayBuffer> | undefined> {
  try {
    const [{ readFile }, { createRequire }, { dirname, join }] = await Promise.all([
      import('node:fs/promises'),
      import('node:module'),
      import('node:path'),
    ]);
    // The package exports no path to the file; its main entry sits in `dist/`, the bundle in `dist/browser/`.
    const main = createRequire(import.meta.url).resolve('@scalar/api-reference');
    return new Uint8Array(await readFile(join(dirname(main), 'browser', 'standalone.js')));
  } catch {
    return undefined;
  }
}
