import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENTS_ROUTES } from '../src/infra/payments-api.ts';
import { EXISTING_BIZTECH_TABLES } from '../src/infra/payments-tables.ts';
import { PaymentsStack, type PaymentsStackProps } from '../src/payments-stack.ts';
import { bundleToTempDir } from './support/lambda-bundle-dir.ts';
import {
  actionsOf,
  allStatements,
  flattenArn,
  resourcesOf,
  type TemplateStatement,
  tableNameOf,
} from './support/template-json.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:biztech/payments/test-AbC123';
// Values a developer's shell might hold while running the local stack; none may reach the template.
const LEAK_CANARIES = {
  STRIPE_SECRET_KEY: 'sk_test_canary_4f1d2a9e0b7c',
  STRIPE_WEBHOOK_SECRET: 'whsec_canary_8a3e5c1f9d2b',
  STRIPE_CANCEL_WEBHOOK_SECRET: 'whsec_canary_cancel_77e1a0',
};

const EXPECTED_KEYS: Record<string, { keys: Array<[string, 'HASH' | 'RANGE', 'S' | 'N']> }> = {
  biztechEventsTEST: {
    keys: [
      ['id', 'HASH', 'S'],
      ['year', 'RANGE', 'N'],
    ],
  },
  biztechUsersTEST: { keys: [['id', 'HASH', 'S']] },
  biztechMembers2026TEST: { keys: [['id', 'HASH', 'S']] },
  biztechRegistrationsTEST: {
    keys: [
      ['id', 'HASH', 'S'],
      ['eventID;year', 'RANGE', 'S'],
    ],
  },
  biztechProfilesTEST: {
    keys: [
      ['compositeID', 'HASH', 'S'],
      ['type', 'RANGE', 'S'],
    ],
  },
  biztechPaymentsTEST: {
    keys: [
      ['pk', 'HASH', 'S'],
      ['sk', 'RANGE', 'S'],
    ],
  },
};
const ALL_TABLES = Object.keys(EXPECTED_KEYS);

let bundle: Awaited<ReturnType<typeof bundleToTempDir>>;

function props(overrides: Partial<PaymentsStackProps> = {}): PaymentsStackProps {
  return {
    stage: 'test',
    tableSuffix: 'TEST',
    allowedRedirectOrigins: ['https://app.ubcbiztech.com', 'http://localhost:3000'],
    clientUrl: 'https://app.ubcbiztech.com/',
    membershipYear: 2026,
    secrets: {
      stripeSecretKey: { ssmParameterName: '/biztech/payments/test/STRIPE_SECRET_KEY' },
      stripeWebhookSecret: { secretsManagerArn: SECRET_ARN, jsonField: 'STRIPE_WEBHOOK_SECRET' },
      stripeCancelWebhookSecret: { secretsManagerArn: SECRET_ARN, jsonField: 'STRIPE_CANCEL_WEBHOOK_SECRET' },
    },
    cognito: { userPoolId: 'us-west-2_TestPool1', clientId: 'testclientid123' },
    bundleDir: bundle.dir,
    env: { account: '123456789012', region: 'us-west-2' },
    ...overrides,
  };
}

const synth = (overrides: Partial<PaymentsStackProps> = {}) =>
  Template.fromStack(new PaymentsStack(new App(), 'PaymentsTest', props(overrides)));

function dynamoGrants(template: Template): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const statement of allStatements(template)) {
    for (const action of actionsOf(statement).filter((a) => a.startsWith('dynamodb:'))) {
      grants[action] = [
        ...(grants[action] ?? []),
        ...resourcesOf(statement).map((r) => tableNameOf(template, r)),
      ];
    }
  }
  for (const names of Object.values(grants)) names.sort();
  return grants;
}

const EXPECTED_GRANTS = {
  'dynamodb:GetItem': [...ALL_TABLES].sort(),
  'dynamodb:PutItem': [
    'biztechMembers2026TEST',
    'biztechPaymentsTEST',
    'biztechProfilesTEST',
    'biztechRegistrationsTEST',
  ],
  'dynamodb:UpdateItem': ['biztechPaymentsTEST', 'biztechRegistrationsTEST', 'biztechUsersTEST'],
};

describe('PaymentsStack', () => {
  let template: Template;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    bundle = await bundleToTempDir();
    savedEnv = { ...process.env };
    Object.assign(process.env, LEAK_CANARIES);
    template = synth();
  });

  afterAll(async () => {
    process.env = savedEnv;
    await bundle?.dispose();
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

  it('runs one arm64 Node 20 function with the contract environment and secret references only', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(fn?.Properties).toMatchObject({
      Runtime: 'nodejs20.x',
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
      ].sort(),
    );
    expect(PAYMENTS_ROUTES).toHaveLength(8);
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

  it('grants only GetItem/PutItem/UpdateItem, each on exactly the tables that need it, writes only in transactions', () => {
    expect(dynamoGrants(template)).toEqual(EXPECTED_GRANTS);
    for (const statement of allStatements(template)) {
      const actions = actionsOf(statement);
      if (actions.some((a) => a === 'dynamodb:PutItem' || a === 'dynamodb:UpdateItem')) {
        expect(statement.Condition).toEqual({
          'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
        });
      }
    }
  });

  it('grants nothing beyond the allowed actions, never a "*" resource or action, and no managed policy', () => {
    const allowed = new Set([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    const statements = allStatements(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) {
        expect(allowed.has(action), action).toBe(true);
        expect(action).not.toContain('*');
      }
      for (const resource of resourcesOf(statement)) expect(resource).not.toBe('*');
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('cognito-idp');
    expect(json).not.toContain('/index/');
  });

  it('grants exactly the named secret and parameter', () => {
    const secretStatements = allStatements(template).filter((s: TemplateStatement) =>
      actionsOf(s).some((a) => a.startsWith('secretsmanager:') || a.startsWith('ssm:')),
    );
    expect(secretStatements.map((s) => [actionsOf(s), resourcesOf(s).map(flattenArn)]).sort()).toEqual(
      [
        [['secretsmanager:GetSecretValue'], [SECRET_ARN]],
        [
          ['ssm:GetParameter'],
          ['arn:<ref>:ssm:us-west-2:123456789012:parameter/biztech/payments/test/STRIPE_SECRET_KEY'],
        ],
      ].sort(),
    );
  });

  it('lets the function write only to its own log group', () => {
    const logStatements = allStatements(template).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('logs:')),
    );
    expect(logStatements).toHaveLength(1);
    const [logGroupId] = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    expect(logStatements[0]?.Resource).toEqual({ 'Fn::GetAtt': [logGroupId, 'Arn'] });
  });

  it('puts no secret value anywhere in the template, even with the values in the environment', () => {
    const json = JSON.stringify(template.toJSON());
    for (const value of Object.values(LEAK_CANARIES)) expect(json).not.toContain(value);
    const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const name of Object.keys(LEAK_CANARIES)) {
      expect(fn?.Properties.Environment.Variables).not.toHaveProperty(name);
    }
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

  it('with importExistingTables creates no table yet grants on all six by name', () => {
    const imported = synth({ importExistingTables: true });
    imported.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(dynamoGrants(imported)).toEqual(EXPECTED_GRANTS);
  });

  it('with the existing BizTech tables imported creates only the payments table', () => {
    const mixed = synth({ importExistingTables: EXISTING_BIZTECH_TABLES });
    const created = Object.values(mixed.findResources('AWS::DynamoDB::Table')).map(
      (t) => t.Properties.TableName,
    );
    expect(created).toEqual(['biztechPaymentsTEST']);
    expect(dynamoGrants(mixed)).toEqual(EXPECTED_GRANTS);
  });

  it('names every table with the suffix and the membership year', () => {
    const prod = synth({ tableSuffix: 'PROD', membershipYear: 2027 });
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
      synth({
        secrets: {
          stripeSecretKey: {
            secretsManagerArn: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:stripe',
          },
          stripeWebhookSecret: { ssmParameterName: '/w' },
        },
      }),
    ).toThrow(/complete ARN/);
    expect(() => synth({ allowedRedirectOrigins: ['https://app.ubcbiztech.com/'] })).toThrow(/not an origin/);
    expect(() => synth({ allowedRedirectOrigins: [] })).toThrow(/at least one origin/);
    expect(() => synth({ bundleDir: `${bundle.dir}/missing` })).toThrow(/bundle/);
  });
});
