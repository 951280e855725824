import {
  AdminConfirmSignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoIdentityProvider } from '@biztech/payments-aws';
import type { IdentityProvider } from '@biztech/payments-core';

/**
 * The production Cognito identity provider (`UserMember` sign-ups), plus what cognito-local cannot
 * do: it sends no confirmation email, so a new account would stay `UNCONFIRMED` and could never
 * sign in. Here a new sign-up is confirmed at once (`AdminConfirmSignUp`), so a person who bought
 * `UserMember` on the demo page can sign in with the password they chose. The email is left
 * unverified: only a mailbox proves it, and a verified address on `ADMIN_EMAIL_DOMAIN` would make
 * its holder an admin. Local stack only.
 */
export function confirmedSignUps(
  client: CognitoIdentityProviderClient,
  pool: { userPoolId: string; clientId: string },
): IdentityProvider {
  const cognito = createCognitoIdentityProvider(client, pool);
  return {
    async signUp(input) {
      const result = await cognito.signUp(input);
      if (result.created) {
        await client.send(
          new AdminConfirmSignUpCommand({
            UserPoolId: pool.userPoolId,
            Username: input.email.trim().toLowerCase(),
          }),
        );
      }
      return result;
    },
  };
}
