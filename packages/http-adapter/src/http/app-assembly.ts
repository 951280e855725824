import type { RouteConfig, RouteHandler } from '@hono/zod-openapi';
import { zValidator } from '@hono/zod-validator';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { Hono } from 'hono/tiny';
import type { ZodType } from 'zod';
import type { ResolvedConfig } from '../config.ts';
import type { PaymentsHandlerDeps } from '../deps.ts';
import { PaymentsHttpError } from '../errors.ts';
import { withEffectPolicy } from '../flows/effect-policy.ts';
import type { PaymentsLogger } from '../logger.ts';
import { faultResponse } from './fault-response.ts';
import { refuseInvalidInput } from './invalid-input.ts';
import { errorResponse, httpError } from './json-response.ts';
import type { PaymentsEnv } from './payments-env.ts';
import { requestLog } from './request-log.ts';
import {
  type BodyKind,
  keepingLateAnswer,
  routeNamed,
  strictPathParams,
  withPlumbing,
} from './route-middleware.ts';
import { routingPath } from './routing-path.ts';

type Middleware = MiddlewareHandler<PaymentsEnv>;

/**
 * Registers a declared route with its plumbing, its guard (e.g. `adminOnly`), its zod validators
 * and its handler. @internal
 */
export type AddRoute = <R extends RouteConfig>(
  route: R,
  body: BodyKind,
  handler: RouteHandler<R, PaymentsEnv>,
  guard?: MiddlewareHandler<PaymentsEnv>,
) => void;

/** The `{name}` pattern of a route as Hono spells it (`:name`). */
const honoPath = (pattern: string) => pattern.replaceAll(/\{([^}]+)\}/g, ':$1');

const isZod = (schema: unknown): schema is ZodType =>
  typeof (schema as ZodType | undefined)?.safeParseAsync === 'function';

/**
 * The zod validators of a declaration, as `@hono/zod-openapi` would add them: path parameters, a
 * query and a JSON body, each failing through `refuseInvalidInput` (`400 invalid_params` / `invalid_body` with
 * the issues). A body documented with a plain JSON Schema (the webhooks) is not validated.
 */
function validatorsOf(route: RouteConfig): Middleware[] {
  const validators: Middleware[] = [];
  const params = route.request?.params;
  if (isZod(params)) validators.push(zValidator('param', params, refuseInvalidInput) as Middleware);
  const query = route.request?.query;
  if (isZod(query)) validators.push(zValidator('query', query, refuseInvalidInput) as Middleware);
  const media = route.request?.body?.content?.['application/json'];
  const body = media !== undefined && 'schema' in media ? media.schema : undefined;
  if (isZod(body)) validators.push(zValidator('json', body, refuseInvalidInput) as Middleware);
  return validators;
}

/** A Hono app of the payments API being assembled: routes go in with `add`, then `finish()`. @internal */
export interface PaymentsAppAssembly {
  /** Registers one declared route with its plumbing, guard, validators and handler. */
  add: AddRoute;
  /** Every declaration registered so far (the OpenAPI document is generated from them). */
  declared: RouteConfig[];
  /**
   * Adds, per known path, the CORS preflight and `405` for other methods, then the `404` and the
   * error rendering, and returns the app. Call it once, after the last `add`.
   */
  finish(): Hono<PaymentsEnv>;
}

/**
 * Starts a payments app: context, request log, request ids and CORS on every request. The whole
 * API (`createPaymentsApp`) and each route family of the Lambda functions
 * (`createRouteFamilyHandler`) are assembled the same way, so a route behaves the same whichever
 * app serves it. @internal
 */
export function startPaymentsApp(
  given: PaymentsHandlerDeps,
  config: ResolvedConfig,
  logger: PaymentsLogger,
): PaymentsAppAssembly {
  const deps = withEffectPolicy(given, config);
  const app = new Hono<PaymentsEnv>({ getPath: routingPath(config.basePath) });
  const allowCors = cors({
    origin: (origin) => (config.allowedOrigins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowHeaders: ['content-type', 'authorization', 'prefer', 'x-request-id'],
    exposeHeaders: ['preference-applied', 'retry-after', 'x-request-id'],
    maxAge: 600,
  });

  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('config', config);
    c.set('logger', logger);
    await next();
  });
  app.use(requestLog);
  // The API's ids are 128 characters at most (as before); Hono checks the characters.
  app.use(requestId({ headerName: 'x-request-id', limitLength: 128 }));
  // Every answer but a preflight carries the CORS origin header for allowed origins; preflights are
  // answered below, on known paths only, so an unknown path stays a 404.
  app.use((c, next) => (c.req.method === 'OPTIONS' ? next() : allowCors(c, next)));

  const declared: RouteConfig[] = [];
  const add: AddRoute = (route, body, handler, guard) => {
    declared.push(route);
    const { middleware } = withPlumbing(route, body, guard);
    // Each handler was checked against its own declaration where it is defined.
    const run = keepingLateAnswer(handler) as unknown as Middleware;
    const handlers: [Middleware, ...Middleware[]] = [...middleware, ...validatorsOf(route), run] as never;
    app.on([route.method.toUpperCase()], [honoPath(route.path)], ...handlers);
  };

  const finish = () => {
    // Per known path, after its routes: the CORS preflight, then 405 for any other method.
    const methodsByPath = new Map<string, string[]>();
    for (const { path, method } of declared) {
      methodsByPath.set(path, [...(methodsByPath.get(path) ?? []), method.toUpperCase()]);
    }
    for (const [pattern, methods] of methodsByPath) {
      const path = honoPath(pattern);
      const allow = [...methods, 'OPTIONS'].join(', ');
      app.options(path, routeNamed(pattern), strictPathParams(pattern), allowCors);
      app.all(path, routeNamed(pattern), strictPathParams(pattern), (c) =>
        errorResponse(
          new PaymentsHttpError('method_not_allowed', 405, `${c.req.method} is not allowed here`, {
            headers: { allow },
          }),
        ),
      );
    }

    app.notFound(() => errorResponse(httpError('not_found', 404, 'no such route')));
    app.onError((error, c) => {
      // The deadline answered already: the route's error goes back to `runWithDeadline`, which logs it.
      if (c.var.late) throw error;
      // Hono's own refusals, in the contract's words. Its JSON parse error cannot happen (bodies are
      // parsed before its validator runs); a body over Hono's limit is answered by the limit itself.
      if (error instanceof HTTPException && error.status === 400) {
        return errorResponse(httpError('invalid_json', 400, 'the request body is not valid JSON'));
      }
      return faultResponse(error, logger, c.var.requestId ?? 'unknown');
    });
    return app;
  };
  return { add, declared, finish };
}
