import type { RouteConfig } from '@hono/zod-openapi';
import type { AddRoute } from '../app-assembly.ts';

/**
 * Registers the routes of one family (the routes one Lambda function serves) on an app being
 * assembled; `declared` is every declaration registered so far. Each family lives in its own
 * module and imports only its own routes, so a function's bundle holds only the code they reach.
 */
export type RouteFamily = (add: AddRoute, declared: readonly RouteConfig[]) => void;
