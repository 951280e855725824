import type { IncomingMessage, ServerResponse } from 'node:http';
import { StripeLocalError } from './errors.js';

/** Largest request body accepted; Stripe's own limit is in the same range. */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * Reads a request body as UTF-8.
 *
 * @throws StripeLocalError 413 when the body exceeds {@link MAX_BODY_BYTES}.
 */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new StripeLocalError(413, 'invalid_request_error', 'Request body is too large.');
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Sends a JSON response. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(text);
}

// The hosted page only needs inline styles, its own forms, and product images from anywhere.
const PAGE_SECURITY_POLICY =
  "default-src 'none'; img-src http: https: data:; style-src 'unsafe-inline'; form-action 'self' http: https:; frame-ancestors 'none'; base-uri 'none'";

/** Sends an HTML page. */
export function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    'content-security-policy': PAGE_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
  });
  response.end(html);
}

/** Redirects a browser with 303 See Other, so the follow-up request is a GET even after a form POST. */
export function sendRedirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { location, 'content-length': 0, 'cache-control': 'no-store' });
  response.end();
}

/** The media type of a request without parameters, lower-cased (`''` when absent). */
export function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}
