import {
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
  isV2Event,
  type LambdaContext,
  type LambdaHttpEvent,
} from './lambda-events.ts';

const decodeBody = (
  body: string | null | undefined,
  base64: boolean | undefined,
): Uint8Array<ArrayBuffer> | undefined => {
  if (body === null || body === undefined || body === '') return undefined;
  // Buffer would tie this file to Node; atob exists in every Lambda runtime and browser.
  if (!base64) return new TextEncoder().encode(body);
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
};

function v1Headers(event: ApiGatewayV1Event): Headers {
  const headers = new Headers();
  for (const [name, values] of Object.entries(event.multiValueHeaders ?? {})) {
    for (const value of values ?? []) headers.append(name, value);
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined && !headers.has(name)) headers.set(name, value);
  }
  return headers;
}

function v1Query(event: ApiGatewayV1Event): string {
  const query = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi)) for (const v of values ?? []) query.append(name, v);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) query.append(name, value);
    }
  }
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * Builds a web `Request` from an API Gateway (REST v1, HTTP API v2) or Function URL event.
 * Header names are case-insensitive in `Headers`, so a gateway that lower-cases them changes
 * nothing (`Stripe-Signature` is found either way); base64 bodies are decoded to their exact
 * bytes, so webhook signatures still match. The Lambda request id becomes `x-request-id` unless
 * the caller sent one.
 */
export function toRequest(event: LambdaHttpEvent, context?: LambdaContext): Request {
  let method: string;
  let path: string;
  let query: string;
  let headers: Headers;
  if (isV2Event(event)) {
    const v2 = event as ApiGatewayV2Event;
    method = v2.requestContext.http.method;
    path = v2.rawPath || v2.requestContext.http.path || '/';
    query = v2.rawQueryString ? `?${v2.rawQueryString}` : '';
    headers = new Headers();
    for (const [name, value] of Object.entries(v2.headers ?? {}))
      if (value !== undefined) headers.set(name, value);
    if (v2.cookies && v2.cookies.length > 0) headers.set('cookie', v2.cookies.join('; '));
  } else {
    const v1 = event as ApiGatewayV1Event;
    method = v1.httpMethod;
    path = v1.path || '/';
    query = v1Query(v1);
    headers = v1Headers(v1);
  }
  const requestId = event.requestContext?.requestId ?? context?.awsRequestId;
  if (!headers.has('x-request-id') && typeof requestId === 'string') headers.set('x-request-id', requestId);
  const host = headers.get('host') ?? event.requestContext?.domainName ?? 'lambda.invalid';
  let url: URL;
  try {
    url = new URL(`https://${host}${path.startsWith('/') ? path : `/${path}`}${query}`);
  } catch {
    url = new URL(`https://lambda.invalid${path.startsWith('/') ? path : `/${path}`}`);
  }
  const upper = method.toUpperCase();
  const body =
    upper === 'GET' || upper === 'HEAD' ? undefined : decodeBody(event.body, event.isBase64Encoded);
  return new Request(url, { method: upper, headers, ...(body ? { body } : {}) });
}
