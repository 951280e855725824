import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '@biztech/payments-aws';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createPaymentsFromEnv, PaymentsConfigError, readPaymentsSettings } from '../src/env/index.ts';
import { cognitoIssuer } from '../src/index.ts';
import { listen } from '../src/node/index.ts';
import { type AdminPool, type IssuedTokens, startAdminPool } from './support/cognito-tokens.ts';
import { uid } from './support/fixtures.ts';

const minimal = {
  STRIPE_SECRET_KEY: 'sk_test_env',
  STRIPE_WEBHOOK_SECRET: 'whsec_env',
  CLIENT_URL: 'http://localhost:3000/',
  COGNITO_USER_POOL_ID: 'us-west-2_pool',
  COGNITO_CLIENT_ID: 'client',
};

let pool: AdminPool;
let admin: IssuedTokens;
let member: IssuedTokens;
beforeAll(async () => {
  pool = await startAdminPool();
  admin = await pool.user('lead@example.org', { groups: ['admin'] });
  member = await pool.user('ada@ubc.ca');
}, 60_000);
afterAll(() => pool?.stop());

describe('ADMIN_EMAIL_DOMAIN and the issuer', () => {
  test('defaults to ubcbiztech.com, is lower-cased, and must be a domain', () => {
    expect(readPaymentsSettings(minimal).adminEmailDomain).toBe('ubcbiztech.com');
    expect(readPaymentsSettings({ ...minimal, ADMIN_EMAIL_DOMAIN: 'BizTech.ORG' }).adminEmailDomain).toBe(
      'biztech.org',
    );
    for (const bad of ['ubcbiztech', '@ubcbiztech.com', 'ubc biztech.com', 'x@ubcbiztech.com']) {
      expect(() => readPaymentsSettings({ ...minimal, ADMIN_EMAIL_DOMAIN: bad })).toThrow(
        PaymentsConfigError,
      );
    }
  });

  test('is Cognito’s URL on AWS (region from the pool id) and <endpoint>/<pool> on cognito-local', () => {
    expect(cognitoIssuer({ userPoolId: 'ca-central-1_AbC' })).toBe(
      'https://cognito-idp.ca-central-1.amazonaws.com/ca-central-1_AbC',
    );
    expect(cognitoIssuer({ userPoolId: 'us-west-2_x', endpoint: 'http://127.0.0.1:9229/' })).toBe(
      'http://127.0.0.1:9229/us-west-2_x',
    );
  });
});

describe('createPaymentsFromEnv builds the admin routes’ verifier from the user pool’s settings', () => {
  test('COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID and COGNITO_ENDPOINT: real tokens pass the admin guard', async () => {
    // Prepare
    const suffix = `_adminenv_${process.pid}_${uid('t')}`;
    const dynamo = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: 'us-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(dynamo, { tableSuffix: suffix });
    const payments = createPaymentsFromEnv({
      ...minimal,
      DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
      TABLE_SUFFIX: suffix,
      COGNITO_USER_POOL_ID: pool.local.userPoolId,
      COGNITO_CLIENT_ID: pool.local.clientId,
      COGNITO_ENDPOINT: pool.local.endpoint,
    });
    const server = await listen(payments.handler, { port: 0 });
    const queue = (token?: string) =>
      fetch(`${server.url}/admin/queue`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

    // Act
    const [asAdmin, asMember, anonymous] = await Promise.all([
      queue(admin.idToken),
      queue(member.idToken),
      queue(),
    ]);

    // Assess
    expect(asAdmin.status).toBe(200);
    expect(await asAdmin.json()).toEqual({ items: [] });
    expect([asMember.status, anonymous.status]).toEqual([403, 401]);
    await server.close();
    payments.close();
    dynamo.destroy();
  });

  test('ADMIN_EMAIL_DOMAIN reaches the verifier', async () => {
    const payments = createPaymentsFromEnv({
      ...minimal,
      COGNITO_USER_POOL_ID: pool.local.userPoolId,
      COGNITO_CLIENT_ID: pool.local.clientId,
      COGNITO_ENDPOINT: pool.local.endpoint,
      ADMIN_EMAIL_DOMAIN: 'ubc.ca',
    });
    await expect(payments.deps.tokens?.verify(member.idToken)).resolves.toMatchObject({ isAdmin: true });
    payments.close();
  });

  test('without the user pool’s settings there is no verifier, and every admin route answers 401', async () => {
    const payments = createPaymentsFromEnv(
      {
        STRIPE_SECRET_KEY: 'sk_test_env',
        STRIPE_WEBHOOK_SECRET: 'whsec_env',
        CLIENT_URL: 'http://localhost:3000/',
      },
      { identity: { signUp: async () => ({ created: true }) } },
    );
    expect(payments.deps.tokens).toBeUndefined();
    const answer = await payments.handler(
      new Request('http://localhost/admin/queue', { headers: { authorization: `Bearer ${admin.idToken}` } }),
    );
    expect(answer.status).toBe(401);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
    payments.close();
  });
});
