import type { ApiGatewayV1Result, ApiGatewayV2Result } from './lambda-events.ts';

const TEXTUAL = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+json)/i;

async function bodyOf(response: Response): Promise<{ body: string; isBase64Encoded: boolean }> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength === 0) return { body: '', isBase64Encoded: false };
  const type = response.headers.get('content-type') ?? '';
  if (TEXTUAL.test(type)) return { body: new TextDecoder().decode(bytes), isBase64Encoded: false };
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return { body: btoa(binary), isBase64Encoded: true };
}

function singleHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  return headers;
}

/** A REST API (payload 1.0) result: single and multi-value headers, `Set-Cookie` kept apart. */
export async function toV1Result(response: Response): Promise<ApiGatewayV1Result> {
  const headers = singleHeaders(response);
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) multiValueHeaders[name] = [value];
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) multiValueHeaders['set-cookie'] = cookies;
  return { statusCode: response.status, headers, multiValueHeaders, ...(await bodyOf(response)) };
}

/** An HTTP API / Function URL (payload 2.0) result: cookies in their own field. */
export async function toV2Result(response: Response): Promise<ApiGatewayV2Result> {
  const cookies = response.headers.getSetCookie();
  return {
    statusCode: response.status,
    headers: singleHeaders(response),
    ...(cookies.length > 0 ? { cookies } : {}),
    ...(await bodyOf(response)),
  };
}
