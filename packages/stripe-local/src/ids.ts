import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * Creates a Stripe-looking object id such as `cs_test_a1B2c3...`.
 *
 * Ids are random rather than sequential so that code under test cannot come to rely on ordering
 * or guessability that real Stripe ids do not have.
 *
 * @param prefix - the object prefix including its trailing underscore, e.g. `cs_test_` or `evt_`.
 * @param length - how many random characters follow the prefix.
 */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let suffix = '';
  for (const byte of bytes) {
    // 62 does not divide 256, so a tiny bias remains; irrelevant for ids that only need to be unique.
    suffix += ALPHABET[byte % ALPHABET.length];
  }
  return `${prefix}${suffix}`;
}
