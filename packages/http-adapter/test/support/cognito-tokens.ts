import { createPrivateKey, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateGroupCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoLocal, startCognitoLocal } from '@biztech/dev-services';
import type { TokenVerifier } from '../../src/index.ts';
import { createCognitoTokenVerifier } from '../../src/index.ts';

const PASSWORD = 'Correct-Horse-Battery-9';

/** What cognito-local issued to one user. */
export interface IssuedTokens {
  idToken: string;
  accessToken: string;
  sub: string;
  email: string;
}

/** A cognito-local user pool with the `admin` group, issuing real tokens to the users a test makes. */
export interface AdminPool {
  local: CognitoLocal;
  /** The issuer cognito-local signs with: `<endpoint>/<userPoolId>`. */
  issuer: string;
  /** The verifier the composition root would build for this pool. */
  verifier(options?: { adminEmailDomain?: string }): TokenVerifier;
  /** Creates a confirmed user (email verified unless `verified: false`), in `groups`, and signs them in. */
  user(
    email: string,
    options?: { groups?: string[]; verified?: boolean; attributes?: Record<string, string> },
  ): Promise<IssuedTokens>;
  stop(): Promise<void>;
}

/** Starts cognito-local with one pool, one app client, the group `admin` and a look-alike `admins`. */
export async function startAdminPool(): Promise<AdminPool> {
  const local = await startCognitoLocal();
  const client = local.client();
  for (const GroupName of ['admin', 'admins']) {
    await client.send(new CreateGroupCommand({ UserPoolId: local.userPoolId, GroupName }));
  }
  return {
    local,
    issuer: `${local.endpoint}/${local.userPoolId}`,
    verifier: (options = {}) =>
      createCognitoTokenVerifier({
        userPoolId: local.userPoolId,
        clientId: local.clientId,
        endpoint: local.endpoint,
        ...options,
      }),
    async user(email, options = {}) {
      const attributes = {
        email,
        ...(options.verified === false ? {} : { email_verified: 'true' }),
        ...options.attributes,
      };
      const created = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: local.userPoolId,
          Username: email,
          MessageAction: 'SUPPRESS',
          UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: local.userPoolId,
          Username: email,
          Password: PASSWORD,
          Permanent: true,
        }),
      );
      for (const group of options.groups ?? []) {
        await client.send(
          new AdminAddUserToGroupCommand({ UserPoolId: local.userPoolId, Username: email, GroupName: group }),
        );
      }
      const auth = await client.send(
        new InitiateAuthCommand({
          ClientId: local.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD },
        }),
      );
      const sub = created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value as string;
      return {
        idToken: auth.AuthenticationResult?.IdToken as string,
        accessToken: auth.AuthenticationResult?.AccessToken as string,
        sub,
        email,
      };
    },
    async stop() {
      client.destroy();
      await local.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Forged tokens, built with node:crypto
// ---------------------------------------------------------------------------------------------

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a token (no signature check: for building forgeries from real tokens). */
export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
}

/** A JWT with `header` and `payload`, signed RS256 with `key`. */
export function signJwt(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject) {
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}

/** An unsigned token (`alg: none`), as an attacker would send it. */
export function unsignedJwt(payload: Record<string, unknown>) {
  return `${b64url({ alg: 'none', typ: 'JWT', kid: 'CognitoLocal' })}.${b64url(payload)}.`;
}

/** A key nobody trusts. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
}

/**
 * cognito-local's own signing key (it ships with the package): with it a test signs tokens whose
 * signature verifies, so the check that must refuse them is the one under test (expiry, audience,
 * issuer, `token_use`, the admin rule), not the signature.
 */
export function cognitoLocalKey(): KeyObject {
  // cognito-local is a dependency of dev-services; resolved from there.
  const require = createRequire(new URL('../../../dev-services/package.json', import.meta.url));
  const path = require.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  const { pem } = JSON.parse(readFileSync(path, 'utf8')) as { pem: string };
  return createPrivateKey(pem);
}
