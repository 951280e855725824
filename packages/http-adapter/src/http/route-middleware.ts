import type { RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { runWithDeadline } from './deadline.ts';
import { errorResponse, httpError } from './json-response.ts';
import type { PaymentsEnv } from './payments-env.ts';
import { rawSegments } from './routing-path.ts';

type Middleware = MiddlewareHandler<PaymentsEnv>;

/** Names the request's route (its pattern, e.g. `/memberships/{email}`) for the log line. */
export const routeNamed =
  (pattern: string): Middleware =>
  (c, next) => {
    c.set('route', pattern);
    return next();
  };

/**
 * Refuses a path whose parameter segments are not valid percent-encoding with `400 invalid_params`.
 * Hono decodes what it can and routes anyway; the contract wants the request refused.
 */
export function strictPathParams(pattern: string): Middleware {
  const positions = pattern
    .split('/')
    .filter((segment) => segment.length > 0)
    .flatMap((segment, index) => (segment.startsWith('{') ? [index] : []));
  return async (c, next) => {
    const segments = rawSegments(c.req.raw, c.var.config.basePath);
    for (const index of positions) {
      try {
        decodeURIComponent(segments[index] ?? '');
      } catch {
        throw httpError('invalid_params', 400, 'the path is not validly encoded');
      }
    }
    await next();
  };
}

/**
 * Runs the rest of the route (body limit, validation, handler) against `requestDeadlineMs`
 * (`runWithDeadline`): when the budget runs out first the answer is `503 dependency_timeout`, and
 * the route goes on in the background. Its errors reach `runWithDeadline` as rejections (the app's
 * error handler rethrows them once `late` is set), so how it ended is logged once.
 */
export const withDeadline: Middleware = async (c, next) => {
  const run = await runWithDeadline(
    async () => {
      await next();
      // Once the deadline has answered, `c.res` holds that answer; the route's own is kept apart.
      return c.var.lateResponse ?? c.res;
    },
    c.var.config.requestDeadlineMs,
    { logger: c.var.logger, requestId: c.var.requestId, route: c.var.route ?? 'unmatched' },
  );
  if (run.timedOut) {
    c.set('late', true);
    c.set('outcome', 'dependency_timeout');
    c.res = run.response;
  }
};

/**
 * Wraps a route handler so that an answer it gives after its deadline is kept for the deadline's log
 * line (Hono keeps the first answer of a request, which is the `503` by then).
 */
// biome-ignore lint/suspicious/noExplicitAny: any route's handler, whatever its path and input types
export function keepingLateAnswer<H extends (c: Context<PaymentsEnv, any, any>, next: Next) => unknown>(
  handler: H,
): H {
  return (async (c: Context<PaymentsEnv>, next: Next) => {
    const response = await handler(c, next);
    if (c.var.late && response instanceof Response) c.set('lateResponse', response);
    return response;
  }) as H;
}

/** Hono's body limit with the contract's `413 payload_too_large`; `which` picks the configured limit. */
export const limitBody =
  (which: 'maxBodyBytes' | 'maxWebhookBytes'): Middleware =>
  (c, next) => {
    const limit = c.var.config[which];
    return bodyLimit({
      maxSize: limit,
      onError: () =>
        errorResponse(httpError('payload_too_large', 413, `the request body is larger than ${limit} bytes`)),
    })(c, next);
  };

/** The media types Hono's validator reads as JSON (its own test, so the two never disagree). */
const JSON_MEDIA_TYPE = /^application\/([\w.-]+\+)?json$/i;

/**
 * Reads a JSON body for the route's zod validator, keeping the contract's answers: an empty body or
 * one that does not parse is `400 invalid_json`. Bodies are JSON whatever `content-type` says (as the
 * API has always read them), so any other declared type is treated as `application/json` (Hono's
 * validator would otherwise validate an empty object, `@hono/zod-openapi`'s refuse it with `415`).
 */
export const readJsonBody: Middleware = (c, next) => readJson(c, next, false);

/** As {@link readJsonBody}, but an empty body reads as `{}`: for bodies whose every field is optional. */
export const readOptionalJsonBody: Middleware = (c, next) => readJson(c, next, true);

async function readJson(c: Context<PaymentsEnv>, next: Next, emptyIsObject: boolean) {
  const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    const headers = new Headers(c.req.raw.headers);
    headers.set('content-type', 'application/json');
    c.req.raw = new Request(c.req.raw, { headers });
  }
  const text = await c.req.text();
  if (text.trim() === '' && emptyIsObject) {
    // Hono's `json()` parses the cached text (a promise at run time, whatever its type says): both say `{}`.
    (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve('{}');
    c.req.bodyCache.json = Promise.resolve({});
    await next();
    return;
  }
  if (text.trim() === '') throw httpError('invalid_json', 400, 'the request body must be JSON');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw httpError('invalid_json', 400, 'the request body is not valid JSON');
  }
  // The validator reads `c.req.json()`, which answers from this cache: the body is parsed once.
  c.req.bodyCache.json = Promise.resolve(parsed);
  await next();
}

/**
 * What a route reads before its handler: nothing, a JSON body (zod-validated; `optional-json` when
 * an empty body means `{}`), or raw bytes (webhooks).
 */
export type BodyKind = 'none' | 'json' | 'optional-json' | 'raw';

/**
 * A route declaration with the contract's plumbing in front of its validators and handler: its name
 * for the log line, the path check, the deadline, its guard (a token check, before any body is read
 * or validated, so a caller without a token learns nothing about the input), and the body limit and
 * JSON reading its body needs.
 */
export function withPlumbing<R extends RouteConfig>(route: R, body: BodyKind, guard?: Middleware) {
  const middleware: Middleware[] = [routeNamed(route.path), strictPathParams(route.path), withDeadline];
  if (guard) middleware.push(guard);
  if (body === 'json') middleware.push(limitBody('maxBodyBytes'), readJsonBody);
  if (body === 'optional-json') middleware.push(limitBody('maxBodyBytes'), readOptionalJsonBody);
  if (body === 'raw') middleware.push(limitBody('maxWebhookBytes'));
  return { ...route, middleware };
}
