import type { RouteConfig } from '@hono/zod-openapi';
import type { AddRoute } from '../app-assembly.ts';
import { adminAndReadRoutes } from './admin-and-read-routes.ts';
import { checkoutRoutes } from './checkout-routes.ts';
import type { RouteFamily } from './route-family.ts';
import { webhookRoutes } from './webhook-routes.ts';

/**
 * Every route family, in the order of the whole API: together they serve exactly the routes of
 * `createPaymentsHandler` (a test compares them), one Lambda function each.
 */
export const ROUTE_FAMILIES = {
  webhooks: webhookRoutes,
  checkout: checkoutRoutes,
  adminAndReads: adminAndReadRoutes,
} as const satisfies Record<string, RouteFamily>;

/** The declarations of every family, collected without building an app (for the OpenAPI document). */
export function wholeApiDeclarations(): RouteConfig[] {
  const declared: RouteConfig[] = [];
  const collect: AddRoute = (route) => {
    declared.push(route);
  };
  for (const family of Object.values(ROUTE_FAMILIES)) family(collect, declared);
  return declared;
}
