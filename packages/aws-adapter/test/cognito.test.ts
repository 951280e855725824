import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  InvalidPasswordException,
  SignUpCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-cognito-identity-provider';
import { type CognitoLocal, LOCAL_AWS, startCognitoLocal } from '@biztech/dev-services';
import { StoreRejectedError, StoreUnavailableError } from '@biztech/payments-core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCognitoIdentityProvider } from '../src/index.ts';

const cognitoClient = (endpoint: string, extra: Record<string, unknown> = {}) =>
  new CognitoIdentityProviderClient({ endpoint, ...LOCAL_AWS, ...extra });

const PASSWORD = 'Correct-Horse-Battery-9';
let local: CognitoLocal;
let pool: { userPoolId: string; clientId: string };
const logged: string[] = [];
// Records everything the SDK logs (its logger middleware logs each command's input and output).
const logger = {
  trace: () => {},
  debug: (...a: unknown[]) => logged.push(JSON.stringify(a)),
  info: (...a: unknown[]) => logged.push(JSON.stringify(a)),
  warn: (...a: unknown[]) => logged.push(JSON.stringify(a)),
  error: (...a: unknown[]) => logged.push(JSON.stringify(a)),
};

beforeAll(async () => {
  // cognito-local with a user pool and an app client, as the local stack runs it.
  local = await startCognitoLocal();
  pool = { userPoolId: local.userPoolId, clientId: local.clientId };
}, 30_000);
afterAll(() => local?.stop());

describe('Cognito identity provider on cognito-local', () => {
  test('signs a new user up with the email as username and their names, then treats a repeat as done', async () => {
    // Prepare
    const client = cognitoClient(local.endpoint, { logger });
    const identity = createCognitoIdentityProvider(client, pool);
    const input = { email: 'Ada@UBC.ca', password: PASSWORD, fname: 'Ada', lname: 'Lovelace' };

    // Act
    const first = await identity.signUp(input);
    const second = await identity.signUp(input);

    // Assess
    expect(first).toEqual({ created: true });
    expect(second).toEqual({ created: false });
    const user = await client.send(
      new AdminGetUserCommand({ UserPoolId: pool.userPoolId, Username: 'ada@ubc.ca' }),
    );
    expect(user.UserStatus).toBe('UNCONFIRMED');
    expect(Object.fromEntries((user.UserAttributes ?? []).map((a) => [a.Name, a.Value]))).toMatchObject({
      email: 'ada@ubc.ca',
      given_name: 'Ada',
      family_name: 'Lovelace',
    });
    // The SDK logged the sign-ups (so the check below has something to look at), never the password.
    expect(logged.filter((line) => line.includes('"commandName":"SignUpCommand"'))).toHaveLength(2);
    expect(logged.some((line) => line.includes(PASSWORD))).toBe(false);
    client.destroy();
  });
});

describe('Cognito error paths (aws-sdk-client-mock)', () => {
  const client = cognitoClient('http://127.0.0.1:9');
  const mock = mockClient(client);
  afterAll(() => {
    mock.restore();
    client.destroy();
  });

  test('throttling is a retryable StoreUnavailableError', async () => {
    // Prepare
    mock
      .reset()
      .on(SignUpCommand)
      .rejects(new TooManyRequestsException({ message: 'Too many requests', $metadata: {} }));

    // Act
    const signUp = createCognitoIdentityProvider(client, pool).signUp({
      email: 'a@ubc.ca',
      password: PASSWORD,
      fname: 'A',
      lname: 'B',
    });

    // Assess
    await expect(signUp).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(signUp).rejects.toMatchObject({ code: 'store_unavailable', retryable: true });
  });

  test('a refused password is a StoreRejectedError whose message does not carry the password', async () => {
    // Prepare
    mock
      .reset()
      .on(SignUpCommand)
      .rejects(
        new InvalidPasswordException({ message: 'Password did not conform with policy', $metadata: {} }),
      );

    // Act
    const error = await createCognitoIdentityProvider(client, pool)
      .signUp({ email: 'a@ubc.ca', password: PASSWORD, fname: 'A', lname: 'B' })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(StoreRejectedError);
    expect(error).toMatchObject({ code: 'store_rejected', retryable: false });
    expect(String((error as Error).message)).not.toContain(PASSWORD);
  });

  test('an app client with a secret gets the SecretHash Cognito requires', async () => {
    // Prepare
    mock.reset().on(SignUpCommand).resolves({ UserConfirmed: false, UserSub: 'sub-1' });
    const identity = createCognitoIdentityProvider(client, {
      ...pool,
      clientId: 'client123',
      clientSecret: 's3cret',
    });

    // Act
    const result = await identity.signUp({ email: 'A@ubc.ca', password: PASSWORD, fname: 'A', lname: 'B' });

    // Assess: base64(HMAC-SHA256(key = secret, username + clientId)), computed independently here.
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', 's3cret').update('a@ubc.caclient123').digest('base64');
    expect(result).toEqual({ created: true });
    expect(mock.commandCalls(SignUpCommand)[0]?.args[0].input).toMatchObject({
      ClientId: 'client123',
      Username: 'a@ubc.ca',
      SecretHash: expected,
    });
  });
});
