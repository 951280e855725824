import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createTables } from '@biztech/payments-aws';
import { createStripeLocal } from '@biztech/stripe-local';
import { describe, expect, inject, it } from 'vitest';
import {
  createPaymentsFromEnv,
  PaymentsConfigError,
  parseStripeApiBase,
  readPaymentsSettings,
} from '../src/env/index.ts';
import { listen } from '../src/node/index.ts';
import { membershipBody, uid } from './support/fixtures.ts';

const minimal = {
  STRIPE_SECRET_KEY: 'sk_test_env',
  STRIPE_WEBHOOK_SECRET: 'whsec_a, whsec_b',
  CLIENT_URL: 'https://app.ubcbiztech.com/',
  COGNITO_USER_POOL_ID: 'us-west-2_pool',
  COGNITO_CLIENT_ID: 'client',
};

describe('readPaymentsSettings', () => {
  it('lists every missing variable at once', () => {
    // Act
    const error = (() => {
      try {
        readPaymentsSettings({});
      } catch (e) {
        return e;
      }
    })();
    // Assess
    expect(error).toBeInstanceOf(PaymentsConfigError);
    const problems = (error as PaymentsConfigError).problems.join('\n');
    expect(problems).toContain('STRIPE_SECRET_KEY');
    expect(problems).toContain('STRIPE_WEBHOOK_SECRET');
    expect(problems).toContain('CLIENT_URL');
    expect(problems).toContain('COGNITO_USER_POOL_ID');
  });

  it('reads the contract variables with their defaults', () => {
    // Act
    const settings = readPaymentsSettings({
      ...minimal,
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      TABLE_SUFFIX: 'DEV',
    });
    // Assess
    expect(settings).toMatchObject({
      port: 4000,
      stripeSecretKey: 'sk_test_env',
      stripeApiBase: { host: '127.0.0.1', port: 12111, protocol: 'http' },
      webhookSecrets: ['whsec_a', 'whsec_b'],
      cancelWebhookSecrets: ['whsec_a', 'whsec_b'],
      tableSuffix: 'DEV',
      allowedRedirectOrigins: ['https://app.ubcbiztech.com'],
      membershipYear: 2026,
      paymentResponse: 'negotiate',
      maxSessionsPerEmailPerHour: 10,
    });
  });

  it("accepts today's variable names, chosen by ENVIRONMENT=PROD", () => {
    // Prepare
    const legacy = {
      CLIENT_URL: 'https://app.ubcbiztech.com/',
      STRIPE_DEV_KEY: 'sk_test_dev',
      STRIPE_PROD_KEY: 'sk_live_prod',
      STRIPE_DEV_ENDPOINT: 'whsec_dev',
      STRIPE_PROD_ENDPOINT: 'whsec_prod',
      STRIPE_DEV_CANCEL: 'whsec_dev_cancel',
      STRIPE_PROD_CANCEL: 'whsec_prod_cancel',
    };
    // Act
    const dev = readPaymentsSettings(legacy, { identityProvided: true });
    const prod = readPaymentsSettings({ ...legacy, ENVIRONMENT: 'PROD' }, { identityProvided: true });
    // Assess
    expect([dev.stripeSecretKey, dev.webhookSecrets, dev.cancelWebhookSecrets]).toEqual([
      'sk_test_dev',
      ['whsec_dev'],
      ['whsec_dev_cancel'],
    ]);
    expect([prod.stripeSecretKey, prod.webhookSecrets, prod.cancelWebhookSecrets]).toEqual([
      'sk_live_prod',
      ['whsec_prod'],
      ['whsec_prod_cancel'],
    ]);
  });

  it('refuses malformed values by name', () => {
    // Act
    const run = () =>
      readPaymentsSettings({ ...minimal, PORT: 'eighty', STRIPE_API_BASE: 'ftp://x', MEMBERSHIP_YEAR: '26' });
    // Assess
    expect(run).toThrow(/PORT[\s\S]*MEMBERSHIP_YEAR|STRIPE_API_BASE/);
    expect(() => parseStripeApiBase('https://api.stripe.com')).not.toThrow();
    expect(parseStripeApiBase('https://api.stripe.com')).toEqual({
      host: 'api.stripe.com',
      port: 443,
      protocol: 'https',
    });
  });
});

describe('createPaymentsFromEnv', () => {
  it('builds a working API on DynamoDB Local and a Stripe-compatible server from the environment alone', async () => {
    // Prepare
    const suffix = `_env_${process.pid}_${uid('t')}`;
    const dynamo = new DynamoDBClient({
      endpoint: inject('dynamoEndpoint'),
      region: 'us-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(dynamo, { tableSuffix: suffix });
    const local = createStripeLocal();
    const { url: stripeUrl } = await local.listen(0);
    const payments = createPaymentsFromEnv(
      {
        STRIPE_SECRET_KEY: 'sk_test_env',
        STRIPE_WEBHOOK_SECRET: 'whsec_env',
        STRIPE_API_BASE: stripeUrl,
        DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
        TABLE_SUFFIX: suffix,
        CLIENT_URL: 'http://localhost:3000/',
      },
      { identity: { signUp: async () => ({ created: true }) } },
    );
    const server = await listen(payments.handler, { port: 0 });
    // Act
    const res = await fetch(`${server.url}/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'return=representation' },
      body: JSON.stringify(membershipBody(`${uid('env')}@ubc.ca`, 'OAuthMember')),
    });
    const body = (await res.json()) as { sessionId: string };
    // Assess
    expect(res.status).toBe(200);
    expect(local.getSession(body.sessionId)?.amount_subtotal).toBe(1200);
    await server.close();
    await local.close();
    payments.close();
    dynamo.destroy();
  });
});
