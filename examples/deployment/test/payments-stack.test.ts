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
import { flattenArn, functionOf } from './support/template-json.ts';

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

  it('runs the three HTTP functions as arm64 Node 22 functions, each on its own bundle and role, with the contract environment and secret references only', () => {
    // Four functions: three HTTP ones and the operations jobs (test/operations-jobs.test.ts).
    template.resourceCountIs('AWS::Lambda::Function', 4);
    const roles = new Set<string>();
    const assets = new Set<string>();
    for (const name of ['webhooks', 'checkout', 'admin'] as const) {
      const fn = functionOf(template, name);
      expect(fn.properties, name).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 25,
      });
      expect(fn.properties.Environment.Variables, name).toEqual({
        TABLE_SUFFIX: 'TEST',
        MEMBERSHIP_YEAR: '2026',
        ALLOWED_REDIRECT_ORIGINS: 'https://app.ubcbiztech.com,http://localhost:3000',
        CLIENT_URL: 'https://app.ubcbiztech.com/',
        COGNITO_USER_POOL_ID: 'us-west-2_TestPool1',
        COGNITO_CLIENT_ID: 'testclientid123',
        PAYMENT_RESPONSE: 'negotiate',
        NODE_OPTIONS: '--enable-source-maps',
        STRIPE_SECRET_KEY_FROM: 'ssm:/biztech/payments/test/STRIPE_SECRET_KEY',
        STRIPE_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_WEBHOOK_SECRET`,
        STRIPE_CANCEL_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_CANCEL_WEBHOOK_SECRET`,
      });
      roles.add(fn.roleId);
      assets.add(JSON.stringify(fn.properties.Code));
    }
    expect(roles.size).toBe(3);
    expect(assets.size).toBe(3);
  });

  it("routes every path of the contract and the operator API to its family's function, one payload-2.0 integration each", () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes.map((r) => r.Properties.RouteKey as string).sort()).toEqual(
      [
        'POST /payments/webhook',
        'POST /payments/cancel',
        'POST /registrations',
        'GET /registrations',
        'POST /payments',
        'GET /registrations/{email}/{eventID}/{year}/offer',
        'GET /payments/sessions/{sessionId}',
        'GET /registrations/{email}/{eventID}/{year}',
        'PUT /registrations/{email}/{fname}',
        'POST /registrations/{email}/{eventID}/{year}/confirm',
        'GET /memberships/{email}',
        'GET /health',
        'GET /health/ready',
        'GET /openapi.json',
        'GET /docs',
        'GET /admin/events/{eventID}/{year}/registrations',
        'POST /admin/registrations/{email}/{eventID}/{year}/decision',
        'POST /admin/registrations/{email}/{eventID}/{year}/check-in',
        'POST /admin/registrations/{email}/{eventID}/{year}/cancel',
        'POST /admin/registrations/{email}/{eventID}/{year}/promote',
        'POST /admin/memberships/{email}/grant',
        'GET /admin/audit/registrations/{email}/{eventID}/{year}',
        'GET /admin/audit/memberships/{email}',
        'GET /admin/queue',
        'POST /admin/queue/{id}/resolve',
        'POST /admin/reconcile',
      ].sort(),
    );
    expect(PAYMENTS_ROUTES).toHaveLength(routes.length);
    const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
    expect(Object.keys(integrations)).toHaveLength(3);
    // Each integration invokes its family's function; each route targets its family's integration.
    const functionOfIntegration = new Map(
      Object.entries(integrations).map(([id, integration]) => [
        id,
        (integration.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
      ]),
    );
    for (const integration of Object.values(integrations)) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: 'AWS_PROXY',
        PayloadFormatVersion: '2.0',
      });
    }
    for (const route of PAYMENTS_ROUTES) {
      const resource = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      const target = String(flattenArn(resource?.Properties.Target));
      const integrationId = [...functionOfIntegration.keys()].find((id) =>
        JSON.stringify(resource?.Properties.Target).includes(id),
      );
      expect(integrationId, target).toBeDefined();
      expect(functionOfIntegration.get(integrationId as string), `${route.method} ${route.path}`).toBe(
        functionOf(template, route.function).id,
      );
    }
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
    expect(() => stack.synth({ bundleDir: `${stack.bundleDir}/missing` })).toThrow(/no Lambda bundle/);
  });
});
