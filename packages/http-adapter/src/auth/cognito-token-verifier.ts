import { JwtVerifier } from 'aws-jwt-verify';
import { FetchError } from 'aws-jwt-verify/error';
import type { Fetcher } from 'aws-jwt-verify/https';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { type AdminPolicy, DEFAULT_ADMIN_POLICY, isAdminClaims } from './admin-policy.ts';
import {
  type Caller,
  InvalidTokenError,
  TokenVerificationUnavailableError,
  type TokenVerifier,
} from './caller.ts';

/** Where the user pool is and who its admins are. */
export interface CognitoTokenVerifierOptions {
  userPoolId: string;
  /** The app client id: the ID token's `aud`. */
  clientId: string;
  /** AWS region of the pool; taken from the pool id (`us-west-2_abc`) unless given. */
  region?: string;
  /**
   * A Cognito-compatible endpoint (cognito-local): the issuer is then `<endpoint>/<userPoolId>`
   * instead of `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`.
   */
  endpoint?: string;
  /** `admin` unless given. */
  adminGroup?: string;
  /** `ubcbiztech.com` unless given (`ADMIN_EMAIL_DOMAIN`). */
  adminEmailDomain?: string;
  /** How long one JWKS download may take; 3000 ms unless given. */
  jwksTimeoutMs?: number;
}

/** The issuer of the pool's tokens: Cognito's URL on AWS, `<endpoint>/<userPoolId>` on cognito-local. */
export function cognitoIssuer(
  options: Pick<CognitoTokenVerifierOptions, 'userPoolId' | 'region' | 'endpoint'>,
) {
  if (options.endpoint !== undefined) return `${options.endpoint.replace(/\/+$/, '')}/${options.userPoolId}`;
  const region = options.region ?? options.userPoolId.split('_')[0];
  return `https://cognito-idp.${region}.amazonaws.com/${options.userPoolId}`;
}

/**
 * Downloads the JWKS with `fetch` (aws-jwt-verify's own fetcher speaks https only, and cognito-local
 * serves http), bounded in time so a stalled pool cannot hold a request past its deadline.
 */
function jwksFetcher(timeoutMs: number): Fetcher {
  return {
    async fetch(uri) {
      let response: Response;
      try {
        response = await fetch(uri, { signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new FetchError(uri, error instanceof Error ? error.message : String(error));
      }
      if (response.status !== 200) throw new FetchError(uri, `status ${response.status}, expected 200`);
      return response.arrayBuffer();
    },
  };
}

const stringClaim = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);

/**
 * A {@link TokenVerifier} for Cognito ID tokens, on `aws-jwt-verify`'s `JwtVerifier` (what version 5
 * calls the former `JwtRsaVerifier`): the signature against the pool's JWKS (downloaded once and
 * cached; a token with an unknown `kid` makes it look again, rate-limited), the issuer, the audience
 * (the app client id), the expiry, then RS256 as Cognito signs and `token_use: "id"`. `alg: none`
 * and HMAC tokens never verify (the library knows only asymmetric algorithms). An admin is in the
 * group `admin` or has a verified address exactly on the admin domain (see `isAdminClaims`).
 *
 * @example
 * ```ts
 * const tokens = createCognitoTokenVerifier({ userPoolId: 'us-west-2_abc', clientId: '5t1...' });
 * const caller = await tokens.verify(bearer); // rejects with InvalidTokenError
 * ```
 */
export function createCognitoTokenVerifier(options: CognitoTokenVerifierOptions): TokenVerifier {
  const issuer = cognitoIssuer(options);
  const policy: AdminPolicy = {
    adminGroup: options.adminGroup ?? DEFAULT_ADMIN_POLICY.adminGroup,
    adminEmailDomain: (options.adminEmailDomain ?? DEFAULT_ADMIN_POLICY.adminEmailDomain).toLowerCase(),
  };
  const verifier = JwtVerifier.create(
    {
      issuer,
      audience: options.clientId,
      jwksUri: `${issuer}/.well-known/jwks.json`,
      customJwtCheck: ({ header, payload }) => {
        if (header.alg !== 'RS256') throw new Error(`alg ${String(header.alg)} is not Cognito's`);
        if (payload.token_use !== 'id') throw new Error('not an ID token');
        if (typeof payload.exp !== 'number') throw new Error('a token without an expiry');
      },
    },
    { jwksCache: new SimpleJwksCache({ fetcher: jwksFetcher(options.jwksTimeoutMs ?? 3_000) }) },
  );
  return {
    async verify(token: string): Promise<Caller> {
      let payload: Record<string, unknown>;
      try {
        payload = (await verifier.verify(token)) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof FetchError) {
          throw new TokenVerificationUnavailableError('the user pool’s keys could not be read', {
            cause: error,
          });
        }
        throw new InvalidTokenError('the token did not verify', { cause: error });
      }
      const sub = stringClaim(payload.sub);
      const email = stringClaim(payload.email)?.toLowerCase();
      if (sub === undefined || email === undefined) throw new InvalidTokenError('the token names nobody');
      const rawGroups = payload['cognito:groups'];
      const groups = Array.isArray(rawGroups)
        ? rawGroups.filter((g): g is string => typeof g === 'string')
        : [];
      const emailVerified = payload.email_verified === true || payload.email_verified === 'true';
      return { sub, email, groups, isAdmin: isAdminClaims({ email, emailVerified, groups }, policy) };
    },
  };
}
