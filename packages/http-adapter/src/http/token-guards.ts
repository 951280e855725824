import type { Actor } from '@biztech/payments-core';
import type { Context, MiddlewareHandler } from 'hono';
import { type Caller, InvalidTokenError, TokenVerificationUnavailableError } from '../auth/caller.ts';
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
 * The caller a request's bearer token names, verified; `undefined` when the request sends no
 * `Authorization: Bearer` header. A header that is there but does not hold a token that verifies
 * is refused, never ignored (an open route must not act for a caller it could not check):
 * - a token that does not verify, a malformed header, or no verifier configured → `401 invalid_token`;
 * - the user pool's keys unreachable → `503 identity_unavailable` (a retry may pass).
 */
export async function verifiedCaller(c: Context<PaymentsEnv>): Promise<Caller | undefined> {
  const header = c.req.header('authorization');
  // Another scheme (`Basic ...`) carries no Cognito token: as if none were sent.
  // `Bearer` with nothing after it is a request without a token too.
  if (header === undefined || !/^bearer\s+\S/i.test(header.trim())) return undefined;
  const token = bearerToken(header);
  const verifier = c.var.deps.tokens;
  if (token === undefined || verifier === undefined) {
    throw new PaymentsHttpError(
      'invalid_token',
      401,
      token === undefined
        ? 'the Authorization header holds no bearer token'
        : 'this server verifies no tokens',
      { headers: challenge('invalid_token') },
    );
  }
  try {
    return await verifier.verify(token);
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
}

/** As {@link verifiedCaller}, but a request without a token is `401 missing_token`. */
async function requiredCaller(c: Context<PaymentsEnv>, who: string): Promise<Caller> {
  const caller = await verifiedCaller(c);
  if (caller === undefined) {
    throw new PaymentsHttpError('missing_token', 401, `${who} Cognito ID token is required`, {
      headers: challenge(),
    });
  }
  return caller;
}

/**
 * The guard of every `/admin` route (CONTRACT §5): a verified Cognito ID token of an admin, set as
 * `caller` for the handler and its audit lines. No token → `401 missing_token`; a bad one →
 * `401 invalid_token`; a valid token of someone who is not an admin → `403 not_admin`. It runs
 * before the body is read, so nothing of a refused request reaches the stores.
 */
export const adminOnly: MiddlewareHandler<PaymentsEnv> = async (c, next) => {
  const caller = await requiredCaller(c, 'an admin’s');
  if (!caller.isAdmin) throw new PaymentsHttpError('not_admin', 403, 'this route is for BizTech admins');
  c.set('caller', caller);
  await next();
};

/** True when `email` is the caller's own (any casing). */
const isOwnEmail = (caller: Caller, email: string): boolean => caller.email === email.trim().toLowerCase();

/**
 * The guard of a personal route (CONTRACT §2 "Who may read what"): the token of the path's
 * `{email}` or of an admin. No token → `401 missing_token`, a bad one → `401 invalid_token`,
 * someone else's → `403 not_owner`. It runs before anything is read, so the `403` says nothing
 * about whether a record exists.
 */
export const ownerOrAdmin: MiddlewareHandler<PaymentsEnv> = async (c, next) => {
  const caller = await requiredCaller(c, 'the owner’s or an admin’s');
  if (!caller.isAdmin && !isOwnEmail(caller, c.req.param('email') ?? '')) {
    throw new PaymentsHttpError('not_owner', 403, 'this token is not for this email');
  }
  c.set('caller', caller);
  await next();
};

/**
 * The guard of an open route that acts for the body's email (`POST /registrations`,
 * `POST /payments`): no token is fine (today's frontend sends none); a token, when sent, must
 * verify (`401`), and is set as `caller` for {@link assertActsFor} once the body is read.
 */
export const optionalCaller: MiddlewareHandler<PaymentsEnv> = async (c, next) => {
  const caller = await verifiedCaller(c);
  if (caller !== undefined) c.set('caller', caller);
  await next();
};

/**
 * After {@link optionalCaller}: a token that came with the request must be the body's email's
 * (`403 not_owner`; an admin's token is no exception, these routes act for the person paying).
 */
export function assertActsFor(c: Context<PaymentsEnv>, email: string): void {
  const caller = c.var.caller;
  if (caller !== undefined && !isOwnEmail(caller, email)) {
    throw new PaymentsHttpError('not_owner', 403, 'this token is not for the email in the body');
  }
}

/** The caller a token guard verified, as the audit line names them (never a password, no note). */
export function callerActor(c: Context<PaymentsEnv>): Actor {
  const caller = c.var.caller;
  if (caller === undefined) {
    throw new PaymentsHttpError('missing_token', 401, 'a Cognito ID token is required', {
      headers: challenge(),
    });
  }
  return { email: caller.email, sub: caller.sub };
}
