import type { RouteConfig } from '@hono/zod-openapi';

/**
 * Declares a route as `@hono/zod-openapi`'s `createRoute` does (the same `RouteConfig`, the same
 * types for handlers), without importing that module on the request path: it extends zod and pulls
 * in the OpenAPI generator as it loads, which the Lambda pays for on every cold start. The document
 * is generated from these declarations with `createRoute` and `OpenAPIHono`, lazily
 * (`src/openapi/document.ts`).
 */
export const declareRoute = <const R extends RouteConfig>(route: R): R => route;
