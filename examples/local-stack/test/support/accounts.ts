import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { LOCAL_AWS } from '@biztech/dev-services';
import type { Page } from 'playwright-core';
import type { LocalStack } from '../../src/local-stack.ts';

/** The password the test people sign in with. */
export const TEST_PASSWORD = 'Test-person-passw0rd';

/**
 * People with accounts in the stack's cognito-local pool, as BizTech users have Cognito accounts:
 * created confirmed (as after following the emailed link), signed in on the demo page or from Node.
 */
export function testAccounts(stack: LocalStack) {
  const pool = stack.cognito;
  if (!pool) throw new Error('the stack has no user pool');
  const client = new CognitoIdentityProviderClient({ endpoint: pool.endpoint, ...LOCAL_AWS });
  return {
    /** Creates a confirmed account with a verified email; an existing one keeps its password reset to ours. */
    async create(email: string, password = TEST_PASSWORD) {
      await client
        .send(
          new AdminCreateUserCommand({
            UserPoolId: pool.userPoolId,
            Username: email,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        )
        .catch((error: { name?: string }) => {
          if (error.name !== 'UsernameExistsException') throw error;
        });
      await client.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: pool.userPoolId,
          Username: email,
          Password: password,
          Permanent: true,
        }),
      );
    },
    /** An ID token for `email`, from `InitiateAuth` as any Cognito client gets one. */
    async idToken(email: string, password = TEST_PASSWORD): Promise<string> {
      const auth = await client.send(
        new InitiateAuthCommand({
          ClientId: pool.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: password },
        }),
      );
      return auth.AuthenticationResult?.IdToken ?? '';
    },
    close: () => client.destroy(),
  };
}

/** Signs in on the demo page's form and waits until the page says who is signed in. */
export async function signInOnPage(page: Page, apiUrl: string, email: string, password = TEST_PASSWORD) {
  await page.goto(`${apiUrl}/`);
  const form = page.locator('#sign-in-form');
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#signed-in-email', { hasText: email }).waitFor();
}
