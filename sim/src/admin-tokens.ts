import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  type Caller,
  DEFAULT_ADMIN_POLICY,
  InvalidTokenError,
  isAdminClaims,
  type TokenVerifier,
} from '@biztech/payments-http';
import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwk } from 'aws-jwt-verify/jwk';
import { signJwt } from '../../packages/http-adapter/test/support/cognito-tokens.ts';

const ISSUER = 'https://cognito-idp.us-west-2.amazonaws.com/us-west-2_sim';
const CLIENT_ID = 'sim-app-client';
const KID = 'sim-key';
const HOUR_S = 60 * 60;

/** A signing key and the verifier that trusts it: one pair per process (RSA key generation is slow). */
export interface AdminTokens {
  verifier: TokenVerifier;
  /** An ID token of an admin (group `admin`), valid for a day from `nowMs`. */
  adminToken(email: string, sub: string, nowMs: number): string;
}

let shared: AdminTokens | undefined;

/**
 * A fake of the token verifier port, for the simulation only: `aws-jwt-verify`'s `JwtVerifier`
 * (the library the real Cognito verifier uses) with an in-process JWKS cached up front instead of
 * one downloaded from a user pool, and tokens signed here with a key made at start-up. The checks
 * (RS256 signature, issuer, audience, expiry against the real clock, `token_use: "id"`) and the
 * admin rule (`isAdminClaims`) are the real ones; cognito-local is left out so one schedule takes
 * milliseconds, not a sign-in round trip.
 */
export function adminTokens(): AdminTokens {
  if (shared) return shared;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: KID, alg: 'RS256', use: 'sig' } as Jwk;
  const jwt = JwtVerifier.create({
    issuer: ISSUER,
    audience: CLIENT_ID,
    jwksUri: `${ISSUER}/.well-known/jwks.json`,
  });
  jwt.cacheJwks({ keys: [jwk] });
  shared = {
    verifier: verifierOf(jwt),
    adminToken: (email, sub, nowMs) => tokenFor(privateKey, email, sub, nowMs),
  };
  return shared;
}

function tokenFor(key: KeyObject, email: string, sub: string, nowMs: number): string {
  // Expiry is checked against the real clock (the library's), not the simulated one: issue from real now.
  const iat = Math.floor(Math.max(nowMs, Date.now()) / 1000) - 60;
  return signJwt(
    { alg: 'RS256', typ: 'JWT', kid: KID },
    {
      sub,
      email,
      email_verified: true,
      'cognito:groups': ['admin'],
      token_use: 'id',
      aud: CLIENT_ID,
      iss: ISSUER,
      iat,
      exp: Math.floor(Date.now() / 1000) + 24 * HOUR_S,
    },
    key,
  );
}

function verifierOf(jwt: { verify(token: string): Promise<unknown> }): TokenVerifier {
  return {
    async verify(token): Promise<Caller> {
      let claims: Record<string, unknown>;
      try {
        claims = (await jwt.verify(token)) as Record<string, unknown>;
      } catch (error) {
        throw new InvalidTokenError('the token did not verify', { cause: error });
      }
      if (claims.token_use !== 'id') throw new InvalidTokenError('not an ID token');
      const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as string[]) : [];
      const email = String(claims.email).toLowerCase();
      return {
        sub: String(claims.sub),
        email,
        groups,
        isAdmin: isAdminClaims(
          { email, emailVerified: claims.email_verified === true, groups },
          DEFAULT_ADMIN_POLICY,
        ),
      };
    },
  };
}
