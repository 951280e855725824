import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoLocal, startCognitoLocal } from '@biztech/dev-services';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDemoAccounts, demoAccountsFromEnv } from '../src/cognito-accounts.ts';

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('ADMIN_EMAIL, ADMIN_PASSWORD and DEMO_USER_PASSWORD', () => {
  test('defaults: admin@ubcbiztech.com in the group admin, the demo user in none, both passwords generated', () => {
    const accounts = demoAccountsFromEnv({});
    expect(accounts.admin).toEqual({
      email: 'admin@ubcbiztech.com',
      password: expect.stringMatching(/^Bt-[\w-]{16}-7x$/),
      generated: true,
      groups: ['admin'],
    });
    expect(accounts.user).toMatchObject({ email: 'existing@ubc.ca', generated: true, groups: [] });
    // A fresh secret every start.
    expect(demoAccountsFromEnv({}).admin.password).not.toBe(accounts.admin.password);
  });

  test('given values are used, the email lower-cased', () => {
    const accounts = demoAccountsFromEnv({
      ADMIN_EMAIL: ' Lead@Example.org ',
      ADMIN_PASSWORD: 'correct horse battery',
      DEMO_USER_PASSWORD: 'another-password',
    });
    expect(accounts.admin).toMatchObject({
      email: 'lead@example.org',
      password: 'correct horse battery',
      generated: false,
    });
    expect(accounts.user).toMatchObject({ password: 'another-password', generated: false });
  });

  test.each([
    [{ ADMIN_EMAIL: 'not-an-address' }, 'ADMIN_EMAIL must be an email address, got "not-an-address"'],
    [{ ADMIN_EMAIL: 'existing@ubc.ca' }, 'ADMIN_EMAIL must not be the demo user existing@ubc.ca'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD must be at least 8 characters long'],
    [{ DEMO_USER_PASSWORD: '1234567' }, 'DEMO_USER_PASSWORD must be at least 8 characters long'],
  ])('%o is refused with a message naming the variable', (env, message) => {
    expect(() => demoAccountsFromEnv(env)).toThrow(message);
  });
});

describe('the accounts in cognito-local', () => {
  let cognito: CognitoLocal;
  beforeAll(async () => {
    cognito = await startCognitoLocal();
  }, 30_000);
  afterAll(() => cognito?.stop());

  test('both sign in with USER_PASSWORD_AUTH; only the admin’s ID token is in the group admin', async () => {
    // Prepare
    const accounts = demoAccountsFromEnv({ ADMIN_PASSWORD: 'Chosen-by-the-operator-1' });
    const client = cognito.client();

    // Act
    await createDemoAccounts(client, cognito.userPoolId, accounts);
    const signIn = async (email: string, password: string) =>
      (
        await client.send(
          new InitiateAuthCommand({
            ClientId: cognito.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        )
      ).AuthenticationResult?.IdToken ?? '';
    const admin = claimsOf(await signIn('admin@ubcbiztech.com', 'Chosen-by-the-operator-1'));
    const user = claimsOf(await signIn('existing@ubc.ca', accounts.user.password));
    const wrong = signIn('existing@ubc.ca', 'Chosen-by-the-operator-1');

    // Assess
    expect(admin).toMatchObject({
      email: 'admin@ubcbiztech.com',
      email_verified: true,
      token_use: 'id',
      aud: cognito.clientId,
      'cognito:groups': ['admin'],
    });
    expect(user).toMatchObject({ email: 'existing@ubc.ca', email_verified: true, token_use: 'id' });
    expect(user['cognito:groups']).toBeUndefined();
    // AWS says NotAuthorizedException; cognito-local 5.3.0 says InvalidPasswordException. Refused either way.
    await expect(wrong).rejects.toMatchObject({
      name: expect.stringMatching(/^(NotAuthorizedException|InvalidPasswordException)$/),
    });
    client.destroy();
  });
});
