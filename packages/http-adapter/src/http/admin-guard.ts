import type { MiddlewareHandler } from 'hono';
import { InvalidTokenError, TokenVerificationUnavailableError } from '../auth/caller.ts';
import { PaymentsHttpError } from '../errors.ts';
import type { PaymentsEnv } from './payments-env.ts';

/** What a `401` says to a client (RFC 6750): send a bearer token, or a better one. */
const challenge = (error?: 'invalid_token') => ({
  'www-authenticate': error ? `Bearer error="${error}"` : 'Bearer',
});

/** The bearer token of an `Authorization` header (scheme in any casing), or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ ]+([A-Za-z0-9\-_.~+/]+=*)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The guard of every `/admin` route (CONTRACT §5): a verified Cognito ID token of an admin, set as
 * `caller` for the handler and its audit lines.
 * - no `Authorization: Bearer` → `401 missing_token`;
 * - a token that does not verify, or no verifier configured → `401 invalid_token`;
 * - the user pool's keys unreachable → `503 identity_unavailable` (a retry may pass);
 * - a valid token of someone who is not an admin → `403 not_admin`.
 * It runs before the body is read, so nothing of a refused request reaches the stores.
 */
export const adminOnly: MiddlewareHandler<PaymentsEnv> = async (c, next) => {
  const token = bearerToken(c.req.header('authorization'));
  if (token === undefined) {
    throw new PaymentsHttpError('missing_token', 401, 'an admin’s Cognito ID token is required', {
      headers: challenge(),
    });
  }
  const verifier = c.var.deps.tokens;
  if (verifier === undefined) {
    throw new PaymentsHttpError('invalid_token', 401, 'this server verifies no tokens', {
      headers: challenge('invalid_token'),
    });
  }
  let caller: Awaited<ReturnType<typeof verifier.verify>>;
  try {
    caller = await verifier.verify(token);
  } catch (error) {
    if (error instanceof InvalidTokenError) {
      throw new PaymentsHttpError('invalid_token', 401, 'the token did not verify', {
        cause: error,
        headers: challenge('invalid_token'),
      });
    }
    if (error instanceof TokenVerificationUnavailableError) {
      throw new PaymentsHttpError('identity_unavailable', 503, 'tokens cannot be verified right now', {
        cause: error,
        headers: { 'retry-after': '1' },
      });
    }
    throw error;
  }
  if (!caller.isAdmin) throw new PaymentsHttpError('not_admin', 403, 'this route is for BizTech admins');
  c.set('caller', caller);
  await next();
};
