import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXISTING_BIZTECH_TABLES } from '../src/infra/payments-tables.ts';
import {
  createStackFixture,
  dynamoGrants,
  EXPECTED_GRANTS,
  SECRET_ARN,
  STREAM_READ,
  type StackFixture,
} from './support/stack-fixture.ts';
import {
  actionsOf,
  allStatements,
  flattenArn,
  resourcesOf,
  type TemplateStatement,
} from './support/template-json.ts';

// Bundling and synthesizing take seconds, more on a busy 2-core machine; hooks default to 10 s.
const SETUP_TIMEOUT_MS = 120_000;

// Values a developer's shell might hold while running the local stack; none may reach the template.
const LEAK_CANARIES = {
  STRIPE_SECRET_KEY: 'sk_test_canary_4f1d2a9e0b7c',
  STRIPE_WEBHOOK_SECRET: 'whsec_canary_8a3e5c1f9d2b',
  STRIPE_CANCEL_WEBHOOK_SECRET: 'whsec_canary_cancel_77e1a0',
};

describe('PaymentsStack IAM and secrets', () => {
  let stack: StackFixture;
  let template: Template;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    stack = await createStackFixture();
    savedEnv = { ...process.env };
    Object.assign(process.env, LEAK_CANARIES);
    template = stack.synth();
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    process.env = savedEnv;
    await stack?.dispose();
  });

  it('grants each DynamoDB action where needed; writes only in transactions, or to the operations items by key prefix', () => {
    expect(dynamoGrants(template)).toEqual(EXPECTED_GRANTS);
    for (const statement of allStatements(template)) {
      const actions = actionsOf(statement);
      if (
        actions.some((a) => ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(a))
      ) {
        expect([
          { 'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] } },
          {
            'ForAllValues:StringLike': {
              'dynamodb:LeadingKeys': ['OUTBOX#*', 'QUEUE#*', 'CHECKPOINT#*', 'SEATS#*'],
            },
          },
        ]).toContainEqual(statement.Condition);
      }
    }
  });

  it('grants nothing beyond the allowed actions, never a "*" resource or action, and no managed policy', () => {
    const allowed = new Set([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      ...STREAM_READ,
    ]);
    const statements = allStatements(template);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      for (const action of actionsOf(statement)) {
        expect(allowed.has(action), action).toBe(true);
        expect(action).not.toContain('*');
      }
      // ListStreams is the one action IAM cannot scope to a resource; it lists stream ARNs, no data.
      const scopeless = actionsOf(statement).every((action) => action === 'dynamodb:ListStreams');
      for (const resource of resourcesOf(statement)) if (!scopeless) expect(resource).not.toBe('*');
    }
    for (const role of Object.values(template.findResources('AWS::IAM::Role'))) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
    const json = JSON.stringify(template.toJSON());
    expect(json).not.toContain('cognito-idp');
    // The only indexes granted are the Query grants above.
    expect([...new Set(json.match(/\/index\/[\w-]+/g) ?? [])].sort()).toEqual([
      '/index/event-query',
      '/index/outbox-due',
      '/index/queue-status',
    ]);
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

  it('lets the functions write only to their own log groups', () => {
    const logStatements = allStatements(template).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('logs:')),
    );
    const logGroups = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(2);
    expect(logStatements.map((s) => s.Resource)).toEqual(
      expect.arrayContaining(logGroups.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] }))),
    );
    expect(logStatements).toHaveLength(logGroups.length);
  });

  it('puts no secret value anywhere in the template, even with the values in the environment', () => {
    const json = JSON.stringify(template.toJSON());
    for (const value of Object.values(LEAK_CANARIES)) expect(json).not.toContain(value);
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function'))) {
      for (const name of Object.keys(LEAK_CANARIES)) {
        expect(fn.Properties.Environment.Variables).not.toHaveProperty(name);
      }
    }
  });

  it('with importExistingTables creates no table yet grants on all six by name', () => {
    const imported = stack.synth({ importExistingTables: true });
    imported.resourceCountIs('AWS::DynamoDB::Table', 0);
    expect(dynamoGrants(imported)).toEqual(EXPECTED_GRANTS);
  });

  it('with the existing BizTech tables imported creates only the payments table', () => {
    const mixed = stack.synth({ importExistingTables: EXISTING_BIZTECH_TABLES });
    const created = Object.values(mixed.findResources('AWS::DynamoDB::Table')).map(
      (t) => t.Properties.TableName,
    );
    expect(created).toEqual(['biztechPaymentsTEST']);
    expect(dynamoGrants(mixed)).toEqual(EXPECTED_GRANTS);
  });

  it('reads Cognito ids kept in SSM at deploy time, without granting the function those parameters', () => {
    const fromParameters = stack.synth({
      cognito: {
        userPoolId: { ssmParameterName: '/biztech/payments/test/COGNITO_USER_POOL_ID' },
        clientId: { ssmParameterName: '/biztech/payments/test/COGNITO_CLIENT_ID' },
      },
    });

    const parameters = fromParameters.toJSON().Parameters as Record<
      string,
      { Type: string; Default: string }
    >;
    const byDefault = Object.fromEntries(
      Object.entries(parameters).map(([id, p]) => [p.Default, { id, type: p.Type }]),
    );
    const pool = byDefault['/biztech/payments/test/COGNITO_USER_POOL_ID'];
    const client = byDefault['/biztech/payments/test/COGNITO_CLIENT_ID'];
    expect(pool?.type).toBe('AWS::SSM::Parameter::Value<String>');
    expect(client?.type).toBe('AWS::SSM::Parameter::Value<String>');
    fromParameters.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          COGNITO_USER_POOL_ID: { Ref: pool?.id },
          COGNITO_CLIENT_ID: { Ref: client?.id },
        }),
      },
    });
    const parameterGrants = allStatements(fromParameters)
      .filter((st) => actionsOf(st).includes('ssm:GetParameter'))
      .flatMap((st) => resourcesOf(st).map(flattenArn));
    expect(parameterGrants).toEqual([
      'arn:<ref>:ssm:us-west-2:123456789012:parameter/biztech/payments/test/STRIPE_SECRET_KEY',
    ]);
  });
});
