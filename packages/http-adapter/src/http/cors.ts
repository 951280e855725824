import type { ResolvedConfig } from '../config.ts';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
const ALLOWED_HEADERS = 'content-type, authorization, x-request-id';

/** CORS headers for a request's `Origin`: only origins the configuration allows are echoed. */
export function corsHeaders(request: Request, config: ResolvedConfig): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origin === null || !config.allowedOrigins.has(origin)) return { vary: 'Origin' };
  return { 'access-control-allow-origin': origin, vary: 'Origin' };
}

/** The answer to a CORS preflight (`OPTIONS`): 204, with the allow headers for allowed origins only. */
export function preflightResponse(request: Request, config: ResolvedConfig): Response {
  const headers: Record<string, string> = corsHeaders(request, config);
  if (headers['access-control-allow-origin']) {
    headers['access-control-allow-methods'] = ALLOWED_METHODS;
    headers['access-control-allow-headers'] = ALLOWED_HEADERS;
    headers['access-control-max-age'] = '600';
  }
  return new Response(null, { status: 204, headers });
}
