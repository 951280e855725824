import { invalidApiKey, missingApiKey } from './errors.js';

/** Key prefixes accepted when no exact `apiKey` is configured: test-mode secret and restricted keys. */
const ACCEPTED_PREFIXES = ['sk_test_', 'sk_local_', 'rk_test_'];

/**
 * Extracts and checks the API key of a request, as Stripe does: `Authorization: Bearer <key>`, or
 * HTTP Basic auth with the key as user name (what `curl -u sk_test_...:` sends).
 *
 * @param authorization - the `Authorization` header.
 * @param expected - when set, the only key accepted; otherwise any test-mode key is.
 * @returns the key, which scopes idempotency keys.
 * @throws StripeLocalError 401 when the key is missing or not accepted.
 */
export function authenticate(authorization: string | undefined, expected: string | undefined): string {
  const key = extractKey(authorization);
  if (!key) throw missingApiKey();
  const accepted =
    expected !== undefined ? key === expected : ACCEPTED_PREFIXES.some((prefix) => key.startsWith(prefix));
  if (!accepted) throw invalidApiKey(key);
  return key;
}

function extractKey(authorization: string | undefined): string | null {
  if (!authorization) return null;
  const [scheme, value = ''] = authorization.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') return value || null;
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const user = decoded.split(':')[0] ?? '';
    return user || null;
  }
  return null;
}
