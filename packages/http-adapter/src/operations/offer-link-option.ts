import { offerLink } from '../routes/offer-link.ts';
import type { OutboxMailerOptions } from './outbox-mailer.ts';

/**
 * The seat-offered email's link on the API's public URL (no link without one), as the outbox
 * mailer takes it: shared by the whole API's composition root and each split function.
 */
export function offerLinkOption(publicApiUrl: string | undefined): Pick<OutboxMailerOptions, 'offerLink'> {
  if (publicApiUrl === undefined) return {};
  return {
    offerLink: (to, data) =>
      typeof data.eventID === 'string' && typeof data.year === 'number' && typeof data.offerId === 'string'
        ? offerLink(publicApiUrl, { email: to, eventID: data.eventID, year: data.year }, data.offerId)
        : undefined,
  };
}
