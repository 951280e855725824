import { handle } from 'hono/aws-lambda';
import { Hono } from 'hono/tiny';
import type { PaymentsHandler } from '../handler.ts';
import type {
  AlbEvent,
  AlbResult,
  ApiGatewayV1Event,
  ApiGatewayV1Result,
  ApiGatewayV2Event,
  ApiGatewayV2Result,
  LambdaContext,
  LambdaHttpEvent,
} from './lambda-events.ts';

/** A Lambda handler answering each event flavour with its own result shape. */
export interface PaymentsLambdaHandler {
  (event: ApiGatewayV2Event, context?: LambdaContext): Promise<ApiGatewayV2Result>;
  (event: ApiGatewayV1Event, context?: LambdaContext): Promise<ApiGatewayV1Result>;
  (event: AlbEvent, context?: LambdaContext): Promise<AlbResult>;
  (
    event: LambdaHttpEvent,
    context?: LambdaContext,
  ): Promise<ApiGatewayV1Result | ApiGatewayV2Result | AlbResult>;
}

/** What `hono/aws-lambda` hands the app besides the request. */
interface LambdaBindings {
  event: LambdaHttpEvent;
  lambdaContext?: LambdaContext;
}

/** Any of the results `hono/aws-lambda` gives, as far as we reshape them. */
interface HonoLambdaResult {
  statusCode: number;
  body: string;
  isBase64Encoded: boolean;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
}

const BROKEN_EVENT = JSON.stringify({ error: { code: 'internal', message: 'the event could not be read' } });

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
const isV2 = (event: LambdaHttpEvent): event is ApiGatewayV2Event => isObject(event.requestContext?.http);
const isAlb = (event: LambdaHttpEvent): event is AlbEvent => isObject(event.requestContext?.elb);

/** The Lambda request id becomes `x-request-id` (unless the caller sent one), so logs join up. */
function withLambdaRequestId(request: Request, event: LambdaHttpEvent, context?: LambdaContext): Request {
  const id = event.requestContext?.requestId ?? context?.awsRequestId;
  if (request.headers.has('x-request-id') || typeof id !== 'string') return request;
  const headers = new Headers(request.headers);
  headers.set('x-request-id', id);
  return new Request(request, { headers });
}

/** The `Host` header in any casing (REST APIs send `Host`; Hono looks for `host`). */
function hostOf(event: LambdaHttpEvent): string | undefined {
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === 'host' && typeof value === 'string') return value;
  }
  for (const [name, values] of Object.entries(
    ('multiValueHeaders' in event && event.multiValueHeaders) || {},
  )) {
    if (name.toLowerCase() === 'host' && Array.isArray(values) && typeof values[0] === 'string')
      return values[0];
  }
  return undefined;
}

/**
 * What Hono needs and an event may lack: a path (an event without one reaches the handler as `/`,
 * a 404, instead of failing) and a domain (from `Host` in any casing, else `lambda.invalid`).
 */
function normalized(event: LambdaHttpEvent): LambdaHttpEvent {
  const requestContext = event.requestContext ?? {};
  const domainName =
    typeof requestContext.domainName === 'string'
      ? requestContext.domainName
      : (hostOf(event) ?? 'lambda.invalid');
  if (isV2(event)) {
    const rawPath = event.rawPath || String(event.requestContext.http.path ?? '/');
    return { ...event, rawPath, requestContext: { ...event.requestContext, domainName } };
  }
  return {
    ...event,
    path: event.path || '/',
    requestContext: { ...requestContext, domainName },
  } as LambdaHttpEvent;
}

/**
 * API Gateway REST (payload 1.0) results carry both `headers` and `multiValueHeaders`, as before;
 * `hono/aws-lambda` gives one of them (whichever the event used). HTTP API, Function URL and ALB
 * results are Hono's as they are.
 */
function reshape(event: LambdaHttpEvent, result: HonoLambdaResult) {
  if (isV2(event) || isAlb(event)) return result;
  const multiValueHeaders: Record<string, string[]> = { ...result.multiValueHeaders };
  for (const [name, value] of Object.entries(result.headers ?? {})) multiValueHeaders[name] ??= [value];
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(multiValueHeaders)) {
    if (name !== 'set-cookie' && values.length > 0) headers[name] = values.join(', ');
  }
  const { statusCode, body, isBase64Encoded } = result;
  return { statusCode, headers, multiValueHeaders, body, isBase64Encoded } satisfies ApiGatewayV1Result;
}

/**
 * Wraps the web-standard handler for AWS Lambda with `hono/aws-lambda`: API Gateway REST APIs
 * (payload 1.0), HTTP APIs (payload 2.0), Function URLs and Application Load Balancers. Base64
 * bodies are decoded to their exact bytes (webhook signatures still match); header names are
 * case-insensitive. It never throws: an event it cannot read is answered 500.
 *
 * @example
 * ```ts
 * import { createPaymentsFromEnv } from '@biztech/payments-http/env';
 * import { createLambdaHandler } from '@biztech/payments-http/lambda';
 *
 * export const handler = createLambdaHandler(createPaymentsFromEnv().handler);
 * ```
 */
export function createLambdaHandler(handler: PaymentsHandler): PaymentsLambdaHandler {
  const app = new Hono<{ Bindings: LambdaBindings }>();
  app.all('*', (c) => handler(withLambdaRequestId(c.req.raw, c.env.event, c.env.lambdaContext)));
  const run = handle(app);
  const answer = async (event: LambdaHttpEvent, context?: LambdaContext) => {
    try {
      const readable = normalized(event);
      // `hono/aws-lambda` types its events by flavour; ours are the looser shapes the adapter reads.
      const result = (await run(readable as never, context as never)) as HonoLambdaResult;
      return reshape(readable, result);
    } catch {
      const headers = { 'content-type': 'application/json' };
      return { statusCode: 500, headers, multiValueHeaders: {}, body: BROKEN_EVENT, isBase64Encoded: false };
    }
  };
  return answer as PaymentsLambdaHandler;
}

/**
 * Builds the web `Request` `hono/aws-lambda` makes of an event (with the Lambda request id as
 * `x-request-id`). Hono reads the event synchronously before it calls the app, so the request is
 * captured there.
 *
 * @throws TypeError for something that is not an HTTP event
 */
export function toRequest(event: LambdaHttpEvent, context?: LambdaContext): Request {
  let captured: Request | undefined;
  const capture = new Hono<{ Bindings: LambdaBindings }>();
  capture.all('*', (c) => {
    captured = withLambdaRequestId(c.req.raw, c.env.event, c.env.lambdaContext);
    return c.body(null, 204);
  });
  try {
    handle(capture)(normalized(event) as never, context as never).catch(() => {});
  } catch {
    // Not an event at all: nothing was captured.
  }
  if (captured === undefined) throw new TypeError('not an API Gateway, Function URL or ALB event');
  return captured;
}

const answering = (response: Response) => {
  const app = new Hono();
  app.all('*', () => response);
  return handle(app);
};

/** A REST API (payload 1.0) result of a response: single and multi-value headers, `Set-Cookie` kept apart. */
export async function toV1Result(response: Response): Promise<ApiGatewayV1Result> {
  const event = { httpMethod: 'GET', path: '/', headers: {}, multiValueHeaders: {}, requestContext: {} };
  return reshape(
    event,
    (await answering(response)(event as never)) as HonoLambdaResult,
  ) as ApiGatewayV1Result;
}

/** An HTTP API / Function URL (payload 2.0) result of a response: cookies in their own field. */
export async function toV2Result(response: Response): Promise<ApiGatewayV2Result> {
  const event = {
    version: '2.0',
    rawPath: '/',
    rawQueryString: '',
    headers: {},
    requestContext: { http: { method: 'GET' } },
  };
  return (await answering(response)(event as never)) as ApiGatewayV2Result;
}
