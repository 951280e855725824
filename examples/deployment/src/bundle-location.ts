import { fileURLToPath } from 'node:url';

/** The Lambda entry that `scripts/bundle.ts` bundles. */
export const LAMBDA_ENTRY = fileURLToPath(new URL('./lambda-entry.ts', import.meta.url));

/** The operations function's entry (outbox drainer and reconciler), bundled next to the API's. */
export const OPERATIONS_ENTRY = fileURLToPath(new URL('./operations-entry.ts', import.meta.url));

/** The operations function's handler setting, in the same bundle folder. */
export const OPERATIONS_HANDLER = 'operations.handler';

/** Where `pnpm bundle` writes the function's code, and where the stack takes it from by default. */
export const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('../dist/lambda', import.meta.url));

/** The bundle's file name inside the bundle folder (`.mjs`: Lambda's Node runtime loads it as ESM). */
export const BUNDLE_FILE = 'index.mjs';

/** The function's handler setting: `<file without extension>.<export>`. */
export const BUNDLE_HANDLER = 'index.handler';
