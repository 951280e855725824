import { randomBytes } from 'node:crypto';

/** A fresh webhook signing secret in Stripe's format, for one run of the local stack. */
export function newWebhookSecret(): string {
  return `whsec_local_${randomBytes(18).toString('base64url')}`;
}
