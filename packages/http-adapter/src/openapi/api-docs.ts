import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { Scalar } from '@scalar/hono-api-reference';
import type { Context } from 'hono';
import { z } from 'zod';
import type { AddRoute } from '../http/app.ts';
import { httpError } from '../http/json-response.ts';
import { JSON_HEADERS, type PaymentsEnv } from '../http/payments-env.ts';
import { declareRoute } from '../routes/declare-route.ts';
import { errorResponses, FAULTS } from '../routes/schemas.ts';
import type { OpenApiDocument } from './document.ts';
import { readReferenceScript } from './reference-script.ts';

/** `GET /openapi.json`, declared (the document describes itself too: every served route is in it). */
export const openApiRoute = declareRoute({
  method: 'get',
  path: '/openapi.json',
  tags: ['Documentation'],
  summary: 'This OpenAPI 3.1 document',
  description:
    'Generated from the zod schemas that validate the requests; the browser client’s types come from it.',
  responses: {
    200: {
      description: 'The OpenAPI 3.1 document',
      content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } },
    },
    ...errorResponses(FAULTS),
  },
});

/** `GET /docs`, declared. */
export const docsRoute = declareRoute({
  method: 'get',
  path: '/docs',
  tags: ['Documentation'],
  summary: 'API reference page',
  description:
    'A readable reference built from `/openapi.json` (Scalar), served with its script so it works offline.',
  responses: {
    200: { description: 'The page', content: { 'text/html': { schema: z.string() } } },
    ...errorResponses(FAULTS),
  },
});

/** `GET /docs/scalar.js`, declared. */
export const docsScriptRoute = declareRoute({
  method: 'get',
  path: '/docs/scalar.js',
  tags: ['Documentation'],
  summary: 'The reference page’s script',
  description: '`@scalar/api-reference`’s browser bundle, when that package is installed next to this one.',
  responses: {
    200: { description: 'The script', content: { 'text/javascript': { schema: z.string() } } },
    ...errorResponses({ 404: ['not_found'], ...FAULTS }),
  },
});

/** The path prefix the request came with: the base path when it was given, so links work behind a stage. */
function prefixOf(c: Context<PaymentsEnv>): string {
  const { basePath } = c.var.config;
  if (basePath === '') return '';
  const raw = new URL(c.req.url).pathname;
  return raw === basePath || raw.startsWith(`${basePath}/`) ? basePath : '';
}

/**
 * Adds `GET /openapi.json`, `GET /docs` and `GET /docs/scalar.js`. The document is generated from
 * `routes` (every declaration the app registers, these three included) on its first request and
 * kept. A Lambda function serving one route family documents the whole API behind its gateway:
 * it passes a loader of every family's declarations instead, imported on that first request.
 */
export function registerApiDocs(
  add: AddRoute,
  routes: readonly RouteConfig[] | (() => Promise<readonly RouteConfig[]>),
): void {
  let document: Promise<OpenApiDocument> | undefined;
  let script: Promise<Uint8Array<ArrayBuffer> | undefined> | undefined;
  const localScript = () => {
    script ??= readReferenceScript();
    return script;
  };

  const serveDocument: RouteHandler<typeof openApiRoute, PaymentsEnv> = async (c) => {
    const { basePath } = c.var.config;
    document ??= Promise.all([
      import('./document.ts'),
      typeof routes === 'function' ? routes() : routes,
    ]).then(([m, declared]) => m.generateOpenApiDocument(declared, basePath));
    return c.json((await document) as { openapi: string }, 200, JSON_HEADERS);
  };

  const page = Scalar<PaymentsEnv>(async (c) => {
    const prefix = prefixOf(c);
    const local = (await localScript()) !== undefined;
    return {
      url: `${prefix}/openapi.json`,
      pageTitle: 'BizTech Payments API',
      // The bundle from our own server when it is installed: no CDN, so the page works offline.
      ...(local ? { cdn: `${prefix}/docs/scalar.js` } : {}),
      // Everything else the page could fetch from elsewhere is switched off: fonts, telemetry, the
      // hosted API client and the AI agent.
      withDefaultFonts: false,
      telemetry: false,
      hideClientButton: true,
      showDeveloperTools: 'never',
      agent: { disabled: true },
    };
  });

  const serveScript: RouteHandler<typeof docsScriptRoute, PaymentsEnv> = async (c) => {
    const bytes = await localScript();
    if (bytes === undefined)
      throw httpError('not_found', 404, 'the API reference script is not installed here');
    return c.body(bytes, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'public, max-age=86400',
    }) as never;
  };

  add(openApiRoute, 'none', serveDocument);
  add(docsRoute, 'none', (c) => page(c, async () => {}) as never);
  add(docsScriptRoute, 'none', serveScript);
}
