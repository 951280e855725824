import { inject } from 'vitest';
import { createCognitoTokenVerifier, type TokenVerifier } from '../../src/index.ts';
import { cognitoLocalKey, signJwt } from './cognito-tokens.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared cognito-local pool of `test/cognito-setup.ts`: endpoint, user pool id, app client id. */
    cognitoPool: { endpoint: string; userPoolId: string; clientId: string };
  }
}

const key = cognitoLocalKey();

/** The shared cognito-local pool of this test run (`test/cognito-setup.ts`). */
const pool = () => inject('cognitoPool');

/** The verifier the composition root builds for the shared pool: the real one, against its JWKS. */
export function sharedPoolVerifier(): TokenVerifier {
  const { userPoolId, clientId, endpoint } = pool();
  return createCognitoTokenVerifier({ userPoolId, clientId, endpoint });
}

/**
 * A Cognito ID token of the shared pool for `email`, shaped as cognito-local issues them and
 * signed with its key, so the real verifier accepts it: a signed-in person without a sign-up.
 */
export function idTokenFor(email: string, options: { groups?: string[]; lifetimeSeconds?: number } = {}) {
  const { userPoolId, clientId, endpoint } = pool();
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    { alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' },
    {
      sub: `sub-${Buffer.from(email.toLowerCase()).toString('hex').slice(0, 32)}`,
      email: email.toLowerCase(),
      email_verified: true,
      iss: `${endpoint}/${userPoolId}`,
      aud: clientId,
      token_use: 'id',
      'cognito:username': email.toLowerCase(),
      ...(options.groups ? { 'cognito:groups': options.groups } : {}),
      auth_time: now,
      iat: now,
      exp: now + (options.lifetimeSeconds ?? 3600),
    },
    key,
  );
}

/** `Authorization` header of {@link idTokenFor}. */
export const bearerFor = (email: string, options?: { groups?: string[] }) => ({
  authorization: `Bearer ${idTokenFor(email, options)}`,
});
