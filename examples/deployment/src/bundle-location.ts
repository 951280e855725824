import { fileURLToPath } from 'node:url';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The Lambda functions and their entries, one bundle each (`scripts/bundle.ts`). Each entry is a
 * composition root that builds only what its routes or jobs use.
 */
export const LAMBDA_FUNCTIONS = {
  /** `POST /payments/webhook`, `POST /payments/cancel`. */
  webhooks: source('./functions/webhooks-entry.ts'),
  /** `POST /registrations`, `POST /payments`, the offer link, `GET /payments/sessions/{sessionId}`. */
  checkout: source('./functions/checkout-entry.ts'),
  /** `/admin/*`, the personal reads, health, `GET /openapi.json` and `GET /docs`. */
  admin: source('./functions/admin-entry.ts'),
  /** The outbox drainer and the reconciler (stream and schedule, no HTTP). */
  operations: source('./operations-entry.ts'),
} as const;

/** One of {@link LAMBDA_FUNCTIONS}. */
export type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;

/** Where `pnpm bundle` writes the functions' code (`<dir>/<name>/`), and where the stack takes it from by default. */
export const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('../dist/lambda', import.meta.url));

/** Each bundle's entry file inside its folder (`.mjs`: Lambda's Node runtime loads it as ESM). */
export const BUNDLE_FILE = 'index.mjs';

/** Every function's handler setting: `<file without extension>.<export>`. */
export const BUNDLE_HANDLER = 'index.handler';
