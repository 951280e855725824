import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXISTING_BIZTECH_TABLES } from '../src/infra/payments-tables.ts';
import {
  createStackFixture,
  dynamoGrants,
  EXPECTED_CHECKOUT_GRANTS,
  EXPECTED_GRANTS,
  EXPECTED_OPERATIONS_GRANTS,
  EXPECTED_REQUEST_GRANTS,
  SECRET_ARN,
  STREAM_READ,
  type StackFixture,
} from './support/stack-fixture.ts';
import {
  actionsOf,
  allStatements,
  flattenArn,
  functionOf,
  resourcesOf,
  statementsOfRole,
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

  it('grants each function the DynamoDB actions its code sends: the admin scope (queue too), the operations scope to the jobs, the requests scope to webhooks and checkout', () => {
    expect(dynamoGrants(template, functionOf(template, 'operations').roleId)).toEqual(
      EXPECTED_OPERATIONS_GRANTS,
    );
    expect(dynamoGrants(template, functionOf(template, 'admin').roleId)).toEqual(EXPECTED_GRANTS);
    expect(dynamoGrants(template, functionOf(template, 'webhooks').roleId)).toEqual(EXPECTED_REQUEST_GRANTS);
    expect(dynamoGrants(template, functionOf(template, 'checkout').roleId)).toEqual(EXPECTED_CHECKOUT_GRANTS);
  });

  it('writes only in transactions, or to the single items of its scope by key prefix', () => {
    const conditionsOf = (name: 'webhooks' | 'checkout' | 'admin' | 'operations') =>
      statementsOfRole(template, functionOf(template, name).roleId)
        .filter((statement) =>
          actionsOf(statement).some((a) =>
            ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].includes(a),
          ),
        )
        .map((statement) => statement.Condition);
    const transactional = {
      'ForAnyValue:StringEquals': { 'dynamodb:EnclosingOperation': ['TransactWriteItems'] },
    };
    const operationsItems = {
      'ForAllValues:StringLike': {
        'dynamodb:LeadingKeys': ['OUTBOX#*', 'QUEUE#*', 'CHECKPOINT#*', 'SEATS#*'],
      },
    };
    const outboxItems = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['OUTBOX#*'] } };
    const quotaItems = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['QUOTA#*'] } };
    for (const name of ['operations', 'admin'] as const) {
      for (const condition of conditionsOf(name))
        expect([transactional, operationsItems]).toContainEqual(condition);
    }
    for (const name of ['webhooks', 'checkout'] as const) {
      const conditions = conditionsOf(name);
      const allowed =
        name === 'checkout' ? [transactional, outboxItems, quotaItems] : [transactional, outboxItems];
      for (const condition of conditions) expect(allowed).toContainEqual(condition);
      expect(conditions).toContainEqual(outboxItems);
      // The fast path completes and reschedules outbox items; it never creates one alone.
      const single = statementsOfRole(template, functionOf(template, name).roleId).find(
        (st) => JSON.stringify(st.Condition) === JSON.stringify(outboxItems),
      );
      expect(single && actionsOf(single).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:UpdateItem']);
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

  it('grants each function exactly the named secret and parameter (each reads them at its first invocation)', () => {
    for (const name of ['webhooks', 'checkout', 'admin', 'operations'] as const) {
      const secretStatements = statementsOfRole(template, functionOf(template, name).roleId).filter(
        (s: TemplateStatement) =>
          actionsOf(s).some((a) => a.startsWith('secretsmanager:') || a.startsWith('ssm:')),
      );
      expect(
        secretStatements.map((s) => [actionsOf(s), resourcesOf(s).map(flattenArn)]).sort(),
        name,
      ).toEqual(
        [
          [['secretsmanager:GetSecretValue'], [SECRET_ARN]],
          [
            ['ssm:GetParameter'],
            ['arn:<ref>:ssm:us-west-2:123456789012:parameter/biztech/payments/test/STRIPE_SECRET_KEY'],
          ],
        ].sort(),
      );
    }
  });

  it('lets the functions write only to their own log groups', () => {
    const logStatements = allStatements(template).filter((s) =>
      actionsOf(s).some((a) => a.startsWith('logs:')),
    );
    const logGroups = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups).toHaveLength(4);
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
    expect(dynamoGrants(imported, functionOf(imported, 'admin').roleId)).toEqual(EXPECTED_GRANTS);
    expect(dynamoGrants(imported, functionOf(imported, 'webhooks').roleId)).toEqual(EXPECTED_REQUEST_GRANTS);
  });

  it('with the existing BizTech tables imported creates only the payments table', () => {
    const mixed = stack.synth({ importExistingTables: EXISTING_BIZTECH_TABLES });
    const created = Object.values(mixed.findResources('AWS::DynamoDB::Table')).map(
      (t) => t.Properties.TableName,
    );
    expect(created).toEqual(['biztechPaymentsTEST']);
    expect(dynamoGrants(mixed, functionOf(mixed, 'operations').roleId)).toEqual(EXPECTED_OPERATIONS_GRANTS);
    expect(dynamoGrants(mixed, functionOf(mixed, 'checkout').roleId)).toEqual(EXPECTED_CHECKOUT_GRANTS);
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
    // The admin function's token verifier and the checkout function's sign-ups: the same pool, every function.
    for (const name of ['webhooks', 'checkout', 'admin', 'operations'] as const) {
      expect(functionOf(fromParameters, name).properties.Environment.Variables).toMatchObject({
        COGNITO_USER_POOL_ID: { Ref: pool?.id },
        COGNITO_CLIENT_ID: { Ref: client?.id },
      });
    }
    const parameterGrants = allStatements(fromParameters)
      .filter((st) => actionsOf(st).includes('ssm:GetParameter'))
      .flatMap((st) => resourcesOf(st).map(flattenArn));
    // The Stripe key's parameter, once per function; never the Cognito ids' parameters.
    expect(parameterGrants).toEqual(
      Array.from(
        { length: 4 },
        () => 'arn:<ref>:ssm:us-west-2:123456789012:parameter/biztech/payments/test/STRIPE_SECRET_KEY',
      ),
    );
  });
});
