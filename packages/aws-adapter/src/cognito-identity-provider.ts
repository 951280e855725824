import { createHmac } from 'node:crypto';
import { type CognitoIdentityProviderClient, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { IdentityProvider } from '@biztech/payments-core';
import { storeError } from './store-errors.ts';

/** Where to sign users up. */
export interface CognitoIdentityOptions {
  /** The user pool; named in errors so an operator knows which pool refused. */
  userPoolId: string;
  /** The app client that signs users up. */
  clientId: string;
  /** Only for an app client with a secret: Cognito then requires a `SecretHash` on every sign-up. */
  clientSecret?: string;
}

/** Cognito's `SecretHash`: base64 HMAC-SHA256 of username + client id, keyed by the client secret. */
function secretHash(username: string, clientId: string, clientSecret: string): string {
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

/**
 * An `IdentityProvider` on Cognito: `signUp` registers the lower-cased email as the username with
 * `email`, `given_name` and `family_name`. An existing user is not an error (`{ created: false }`),
 * so a retried `UserMember` purchase signs up once. The password goes to Cognito in this one call
 * and appears in no message, log or error this function makes. Throttling and 5xx become
 * `StoreUnavailableError` (retryable); anything else (e.g. a password Cognito's policy refuses) is a
 * `StoreRejectedError` (not retryable) with Cognito's error as `cause`.
 *
 * @example
 * ```ts
 * const identity = createCognitoIdentityProvider(new CognitoIdentityProviderClient({ region: 'us-west-2' }), {
 *   userPoolId: 'us-west-2_abc', clientId: '1example23456789',
 * });
 * await identity.signUp({ email, password, fname, lname }); // { created: true }
 * ```
 */
export function createCognitoIdentityProvider(
  client: CognitoIdentityProviderClient,
  options: CognitoIdentityOptions,
): IdentityProvider {
  return {
    async signUp({ email, password, fname, lname }) {
      const username = email.trim().toLowerCase();
      try {
        await client.send(
          new SignUpCommand({
            ClientId: options.clientId,
            Username: username,
            Password: password,
            ...(options.clientSecret
              ? { SecretHash: secretHash(username, options.clientId, options.clientSecret) }
              : {}),
            UserAttributes: [
              { Name: 'email', Value: username },
              { Name: 'given_name', Value: fname },
              { Name: 'family_name', Value: lname },
            ],
          }),
        );
        return { created: true };
      } catch (error) {
        if ((error as { name?: string } | null)?.name === 'UsernameExistsException')
          return { created: false };
        throw storeError(error, `sign up in user pool ${options.userPoolId}`);
      }
    },
  };
}
