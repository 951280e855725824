import {
  AdminConfirmSignUpCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoIdentityProvider } from '@biztech/payments-aws';
import type { IdentityProvider } from '@biztech/payments-core';

/**
 * The production Cognito identity provider (`UserMember` sign-ups), plus what cognito-local cannot
 * do: it sends no confirmation email, so a new account would stay `UNCONFIRMED` and could never
 * sign in. Here a sign-up is confirmed and its email marked verified at once, as following the
 * emailed link would, so a person who bought `UserMember` on the demo page can sign in with the
 * password they chose. Local stack only.
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
        const Username = input.email.trim().toLowerCase();
        await client.send(new AdminConfirmSignUpCommand({ UserPoolId: pool.userPoolId, Username }));
        await client.send(
          new AdminUpdateUserAttributesCommand({
            UserPoolId: pool.userPoolId,
            Username,
            UserAttributes: [{ Name: 'email_verified', Value: 'true' }],
          }),
        );
      }
      return result;
    },
  };
}
