/** Stripe's template variable in `success_url`, replaced with the session's id on redirect. */
export const CHECKOUT_SESSION_ID_TEMPLATE = '{CHECKOUT_SESSION_ID}';

/**
 * Adds `session_id={CHECKOUT_SESSION_ID}` to a success URL's query (before any `#fragment`), so the
 * success page can poll `GET /payments/sessions/{sessionId}`. The braces stay literal: Stripe only
 * replaces the template written exactly so. A URL that already has the template is left alone.
 *
 * @example withSessionIdParam('https://app/x?a=1#top') // 'https://app/x?a=1&session_id={CHECKOUT_SESSION_ID}#top'
 */
export function withSessionIdParam(url: string): string {
  if (url.includes(CHECKOUT_SESSION_ID_TEMPLATE)) return url;
  const hashAt = url.indexOf('#');
  const base = hashAt === -1 ? url : url.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const separator = !base.includes('?') ? '?' : base.endsWith('?') || base.endsWith('&') ? '' : '&';
  return `${base}${separator}session_id=${CHECKOUT_SESSION_ID_TEMPLATE}${hash}`;
}
