import type { ResolvedConfig } from '../config.ts';
import { httpError } from './json-response.ts';

/**
 * Checks that a client-supplied redirect URL points at an allowed origin (no open redirect).
 *
 * @throws PaymentsHttpError 400 `redirect_not_allowed`
 */
export function assertAllowedRedirect(url: string, field: string, config: ResolvedConfig): string {
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    throw httpError('redirect_not_allowed', 400, `${field} is not an absolute URL`);
  }
  if (!config.allowedOrigins.has(origin)) {
    throw httpError('redirect_not_allowed', 400, `${field} must point at an allowed origin`, {
      issues: [{ path: [field], message: 'origin not allowed' }],
    });
  }
  return url;
}

/** Where the browser goes after paying or cancelling. */
export interface RedirectUrls {
  successUrl: string;
  cancelUrl: string;
}

/**
 * The redirect URLs of a checkout: the client's own (checked) or the defaults built from `clientUrl`.
 */
export function redirectUrls(
  requested: { success_url?: string | undefined; cancel_url?: string | undefined },
  defaults: RedirectUrls,
  config: ResolvedConfig,
): RedirectUrls {
  return {
    successUrl:
      requested.success_url === undefined
        ? defaults.successUrl
        : assertAllowedRedirect(requested.success_url, 'success_url', config),
    cancelUrl:
      requested.cancel_url === undefined
        ? defaults.cancelUrl
        : assertAllowedRedirect(requested.cancel_url, 'cancel_url', config),
  };
}

/** Today's frontend pages for an event: `<clientUrl>event/<id>/<year>/register[/success]`. */
export function eventRedirectDefaults(config: ResolvedConfig, eventID: string, year: number): RedirectUrls {
  const base = `${config.clientUrl}event/${encodeURIComponent(eventID)}/${year}/register`;
  return { successUrl: `${base}/success`, cancelUrl: base };
}

/** Today's membership page: back to `<clientUrl>` on success, `<clientUrl>membership` on cancel. */
export function membershipRedirectDefaults(config: ResolvedConfig): RedirectUrls {
  return { successUrl: config.clientUrl, cancelUrl: `${config.clientUrl}membership` };
}
