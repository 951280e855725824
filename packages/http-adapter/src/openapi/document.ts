import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import packageJson from '../../package.json' with { type: 'json' };
import { ADMIN_SECURITY_SCHEME } from '../routes/admin/admin-kit.ts';

/** The OpenAPI 3.1 document `GET /openapi.json` answers. */
export type OpenApiDocument = ReturnType<OpenAPIHono['getOpenAPI31Document']>;

/**
 * Generates the OpenAPI 3.1 document of the given route declarations with `@hono/zod-openapi`
 * (`createRoute`, `OpenAPIHono`): request schemas are core's zod schemas, response schemas the ones
 * beside the routes. Loaded by `GET /openapi.json` on its first request (a dynamic import), so the
 * generator costs nothing on any other request or at a Lambda's cold start.
 *
 * @param basePath a configured base path, given as the document's server
 */
export function generateOpenApiDocument(routes: readonly RouteConfig[], basePath = ''): OpenApiDocument {
  const app = new OpenAPIHono();
  app.openAPIRegistry.registerComponent('securitySchemes', ADMIN_SECURITY_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A Cognito ID token of the user pool (`InitiateAuth` → `IdToken`) of an admin: in the group `admin`, or ' +
      'with a verified address on the admin email domain.',
  });
  for (const route of routes) app.openapi(createRoute(route), () => new Response(null, { status: 501 }));
  return app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'BizTech Payments API',
      version: packageJson.version,
      description:
        'UBC BizTech’s paid event registrations and memberships on Stripe Checkout. Errors are ' +
        '`{ "error": { "code", "message", "issues"? } }`; every answer carries `x-request-id`. ' +
        'Generated from the zod schemas that validate the requests.',
    },
    tags: [
      { name: 'Registrations', description: 'Event registrations, with today’s frontend bodies' },
      { name: 'Payments', description: 'Stripe Checkout sessions for registrations and memberships' },
      { name: 'Stripe webhooks', description: 'Signed Stripe events; the signature covers the raw body' },
      { name: 'Memberships', description: 'BizTech memberships of the configured year' },
      {
        name: 'Admin',
        description: 'The operator API: an admin’s Cognito ID token on every route; every change audited',
      },
      { name: 'Health', description: 'Liveness and readiness' },
      { name: 'Documentation', description: 'This document and its reference page' },
    ],
    ...(basePath === '' ? {} : { servers: [{ url: basePath }] }),
  });
}
