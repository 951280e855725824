import type { RegistrationKey } from '@biztech/payments-core';

/** The path of the waitlist-offer link (`GET`), as the route declares it. */
export const OFFER_LINK_PATH = '/registrations/{email}/{eventID}/{year}/offer' as const;

/**
 * The link a seat-offered email carries: `GET /registrations/{email}/{eventID}/{year}/offer?offer=<offerId>`
 * on the API, which opens (or reuses) the checkout for the held seat and redirects to it. The offer
 * id is random and unguessable: the link is the capability.
 *
 * @param apiBaseUrl where the payments API is served, e.g. `https://api.ubcbiztech.com/payments` (a
 *   trailing slash is ignored; include a configured `basePath`)
 * @example
 * ```ts
 * offerLink('https://api.example', { email: 'ada@ubc.ca', eventID: 'blueprint', year: 2026 }, offerId);
 * // 'https://api.example/registrations/ada%40ubc.ca/blueprint/2026/offer?offer=…'
 * ```
 */
export function offerLink(apiBaseUrl: string, key: RegistrationKey, offerId: string): string {
  const base = apiBaseUrl.replace(/\/+$/, '');
  const path = OFFER_LINK_PATH.replace('{email}', encodeURIComponent(key.email.toLowerCase()))
    .replace('{eventID}', encodeURIComponent(key.eventID))
    .replace('{year}', String(key.year));
  return `${base}${path}?offer=${encodeURIComponent(offerId)}`;
}
