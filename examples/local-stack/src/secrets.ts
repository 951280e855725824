import { randomBytes } from 'node:crypto';

/** A fresh webhook signing secret in Stripe's format, for one run of the local stack. */
export function newWebhookSecret(): string {
  return `whsec_local_${randomBytes(18).toString('base64url')}`;
}

/**
 * A password for a local sign-in account, printed at start: random, and with an upper-case and a
 * lower-case letter, a digit and a symbol, so it also passes a real user pool's default policy.
 */
export function newPassword(): string {
  return `Bt-${randomBytes(12).toString('base64url')}-7x`;
}
