import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENTS_ROUTES } from '../src/infra/payments-api.ts';
import {
  ALL_TABLES,
  createStackFixture,
  EXPECTED_KEYS,
  SECRET_ARN,
  type StackFixture,
} from './support/stack-fixture.ts';
import { flattenArn } from './support/template-json.ts';

// Bundling and synthesizing take seconds, more on a busy 2-core machine; hooks default to 10 s.
const SETUP_TIMEOUT_MS = 120_000;

describe('PaymentsStack', () => {
  let stack: StackFixture;
  let template: Template;

  beforeAll(async () => {
    stack = await createStackFixture();
    template = stack.synth();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    await stack?.dispose();
  });

  it('creates the six tables with the adapter key schemas, on demand, with point-in-time recovery, retained', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    const byName = Object.fromEntries(
      Object.values(tables).map((t) => [t.Properties.TableName as string, t] as const),
    );
    expect(Object.keys(byName).sort()).toEqual([...ALL_TABLES].sort());
    for (const [name, { keys }] of Object.entries(EXPECTED_KEYS)) {
      const table = byName[name]!;
      expect(table.Properties.KeySchema).toEqual(keys.map(([a, k]) => ({ AttributeName: a, KeyType: k })));
      for (const [attribute, , type] of keys) {
        expect(table.Properties.AttributeDefinitions).toContainEqual({
          AttributeName: attribute,
          AttributeType: type,
        });
      }
      expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.UpdateReplacePolicy).toBe('Retain');
    }
  });

  it('creates both GSIs: event-query on registrations and profile-query on members', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'biztechRegistrationsTEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'event-query',
          KeySchema: [{ AttributeName: 'eventID;year', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TableName: 'biztechMembers2026TEST',
      AttributeDefinitions: Match.arrayWith([{ AttributeName: 'profileID', AttributeType: 'S' }]),
      GlobalSecondaryIndexes: [
        {
          IndexName: 'profile-query',
          KeySchema: [{ AttributeName: 'profileID', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    });
  });

  it('enables TTL on expiresAt of the payments table and on no other table', () => {
    const withTtl = Object.values(template.findResources('AWS::DynamoDB::Table'))
      .filter((t) => t.Properties.TimeToLiveSpecification !== undefined)
      .map((t) => [t.Properties.TableName, t.Properties.TimeToLiveSpecification]);
    expect(withTtl).toEqual([['biztechPaymentsTEST', { AttributeName: 'expiresAt', Enabled: true }]]);
  });

  it('runs the API as an arm64 Node 22 function with the contract environment and secret references only', () => {
    // Two functions: the API and the operations jobs (test/operations-jobs.test.ts).
    template.resourceCountIs('AWS::Lambda::Function', 2);
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f) => f.Properties.Handler === 'index.handler',
    );
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 512,
      Timeout: 25,
    });
    expect(fn?.Properties.Environment.Variables).toEqual({
      TABLE_SUFFIX: 'TEST',
      MEMBERSHIP_YEAR: '2026',
      ALLOWED_REDIRECT_ORIGINS: 'https://app.ubcbiztech.com,http://localhost:3000',
      CLIENT_URL: 'https://app.ubcbiztech.com/',
      COGNITO_USER_POOL_ID: 'us-west-2_TestPool1',
      COGNITO_CLIENT_ID: 'testclientid123',
      PAYMENT_RESPONSE: 'object',
      NODE_OPTIONS: '--enable-source-maps',
      STRIPE_SECRET_KEY_FROM: 'ssm:/biztech/payments/test/STRIPE_SECRET_KEY',
      STRIPE_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_WEBHOOK_SECRET`,
      STRIPE_CANCEL_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_CANCEL_WEBHOOK_SECRET`,
    });
  });

  it('routes exactly the contract paths through one payload-2.0 Lambda integration', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route'))
      .map((r) => r.Properties.RouteKey as string)
      .sort();
    expect(routeKeys).toEqual(
      [
        'POST /registrations',
        'POST /payments',
        'POST /payments/webhook',
        'POST /payments/cancel',
        'GET /payments/sessions/{sessionId}',
        'GET /registrations/{email}/{eventID}/{year}',
        'GET /memberships/{email}',
        'GET /health',
        'GET /health/ready',
      ].sort(),
    );
    expect(PAYMENTS_ROUTES).toHaveLength(9);
    template.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: '$default', AutoDeploy: true });
  });

  it('limits CORS to the allowed origins', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: ['https://app.ubcbiztech.com', 'http://localhost:3000'],
        AllowMethods: ['GET', 'POST', 'OPTIONS'],
      },
    });
  });

  it('outputs the API and the two Stripe webhook URLs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ApiUrl', 'StripeWebhookUrl', 'StripeCancelWebhookUrl']),
    );
    expect(flattenArn(outputs.StripeWebhookUrl?.Value)).toMatch(
      /^https:\/\/<ref>\.execute-api\..*\/payments\/webhook$/,
    );
    expect(flattenArn(outputs.StripeCancelWebhookUrl?.Value)).toMatch(/\/payments\/cancel$/);
  });

  it('names every table with the suffix and the membership year', () => {
    const prod = stack.synth({ tableSuffix: 'PROD', membershipYear: 2027 });
    const names = Object.values(prod.findResources('AWS::DynamoDB::Table')).map(
      (t) => t.Properties.TableName,
    );
    expect(names.sort()).toEqual(
      [
        'biztechEventsPROD',
        'biztechUsersPROD',
        'biztechMembers2027PROD',
        'biztechRegistrationsPROD',
        'biztechProfilesPROD',
        'biztechPaymentsPROD',
      ].sort(),
    );
    prod.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TABLE_SUFFIX: 'PROD', MEMBERSHIP_YEAR: '2027' }) },
    });
  });

  it('refuses settings that would deploy but fail at run time', () => {
    expect(() =>
      stack.synth({
        secrets: {
          stripeSecretKey: {
            secretsManagerArn: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:stripe',
          },
          stripeWebhookSecret: { ssmParameterName: '/w' },
        },
      }),
    ).toThrow(/complete ARN/);
    expect(() => stack.synth({ allowedRedirectOrigins: ['https://app.ubcbiztech.com/'] })).toThrow(
      /not an origin/,
    );
    expect(() => stack.synth({ allowedRedirectOrigins: [] })).toThrow(/at least one origin/);
    expect(() => stack.synth({ bundleDir: `${stack.bundleDir}/missing` })).toThrow(/bundle/);
  });
});
