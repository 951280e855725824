import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXISTING_BIZTECH_TABLES } from '../src/infra/payments-tables.ts';
import { createStackFixture, STREAM_READ, type StackFixture } from './support/stack-fixture.ts';
import {
  actionsOf,
  allStatements,
  flattenArn,
  functionOf,
  resourcesOf,
  statementsOfRole,
} from './support/template-json.ts';

// Bundling and synthesizing take seconds, more on a busy 2-core machine; hooks default to 10 s.
const SETUP_TIMEOUT_MS = 120_000;

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation resources are untyped JSON
type Resource = { Properties: any };
const operationsFunction = (t: Template): [string, Resource] => {
  const fn = functionOf(t, 'operations');
  return [fn.id, { Properties: fn.properties }];
};
const paymentsTable = (t: Template) =>
  Object.entries(t.findResources('AWS::DynamoDB::Table')).find(
    ([, table]) => table.Properties.TableName === 'biztechPaymentsTEST',
  ) as [string, Resource];

describe('the outbox drainer and the scheduled reconciler', () => {
  let stack: StackFixture;
  let template: Template;

  beforeAll(async () => {
    stack = await createStackFixture();
    template = stack.synth({ emailFrom: 'payments@ubcbiztech.com' });
  }, SETUP_TIMEOUT_MS);
  afterAll(() => stack?.dispose());

  it('streams new images of the payments table only', () => {
    const streams = Object.values(template.findResources('AWS::DynamoDB::Table'))
      .filter((t) => t.Properties.StreamSpecification)
      .map((t) => [t.Properties.TableName, t.Properties.StreamSpecification.StreamViewType]);
    expect(streams).toEqual([['biztechPaymentsTEST', 'NEW_IMAGE']]);
  });

  it('runs the operations bundle with the API environment, the API URL for offer links and a 5 minute timeout, on a role of its own', () => {
    const [, ops] = operationsFunction(template);
    const admin = functionOf(template, 'admin');
    expect(ops.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 300,
    });
    const { PUBLIC_API_URL, ...rest } = ops.Properties.Environment.Variables;
    expect(rest).toEqual(admin.properties.Environment.Variables);
    expect(rest.EMAIL_FROM).toBe('payments@ubcbiztech.com');
    expect(JSON.stringify(PUBLIC_API_URL)).toContain('execute-api');
    // Its own role: the stream reads are the jobs' alone.
    expect(ops.Properties.Role).not.toEqual(admin.properties.Role);
    expect(ops.Properties.Code).not.toEqual(admin.properties.Code);
  });

  it('is invoked by the stream for inserted or modified OUTBOX# items only, bisecting a failing batch, retries bounded', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    const [opsId] = operationsFunction(template);
    const [tableId] = paymentsTable(template);
    expect(mappings[0]?.Properties).toMatchObject({
      FunctionName: { Ref: opsId },
      EventSourceArn: { 'Fn::GetAtt': [tableId, 'StreamArn'] },
      StartingPosition: 'LATEST',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 1,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
    });
    const patterns = mappings[0]?.Properties.FilterCriteria.Filters.map((f: { Pattern: string }) =>
      JSON.parse(f.Pattern),
    );
    expect(patterns).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { Keys: { pk: { S: [{ prefix: 'OUTBOX#' }] } } } },
    ]);
  });

  it('runs a reconciliation pass every 15 minutes', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule'));
    expect(rules).toHaveLength(1);
    const [opsId] = operationsFunction(template);
    expect(rules[0]?.Properties.ScheduleExpression).toBe('rate(15 minutes)');
    expect(rules[0]?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [opsId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 2 },
      }),
    ]);
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).filter(
      (p) => p.Properties.Principal === 'events.amazonaws.com',
    );
    expect(permissions.map((p) => p.Properties.FunctionName)).toEqual([{ 'Fn::GetAtt': [opsId, 'Arn'] }]);
  });

  it('reads only the payments stream, from the operations function alone, and sends email only from the configured sender', () => {
    const [tableId] = paymentsTable(template);
    for (const name of ['webhooks', 'checkout', 'admin'] as const) {
      const actions = statementsOfRole(template, functionOf(template, name).roleId).flatMap(actionsOf);
      expect(
        actions.filter((a) => STREAM_READ.has(a)),
        name,
      ).toEqual([]);
      expect(
        actions.filter((a) => a === 'ses:SendEmail'),
        name,
      ).toEqual(['ses:SendEmail']);
    }
    for (const statement of allStatements(template)) {
      const actions = actionsOf(statement);
      if (actions.some((a) => STREAM_READ.has(a) && a !== 'dynamodb:ListStreams')) {
        expect(resourcesOf(statement)).toEqual([{ 'Fn::GetAtt': [tableId, 'StreamArn'] }]);
      }
      if (actions.includes('ses:SendEmail')) {
        expect(actions).toEqual(['ses:SendEmail']);
        // <ref>: the partition (AWS::Partition).
        expect(resourcesOf(statement).map((r) => flattenArn(r))).toEqual([
          'arn:<ref>:ses:us-west-2:123456789012:identity/payments@ubcbiztech.com',
          'arn:<ref>:ses:us-west-2:123456789012:identity/ubcbiztech.com',
        ]);
      }
    }
    const ses = allStatements(template).filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    // One statement per function: each may send the outbox's emails (the fast path sends at once).
    expect(ses).toHaveLength(4);
  });

  it('grants no SES at all without a sender, and refuses a sender that is not a plain address', () => {
    const silent = stack.synth();
    expect(JSON.stringify(silent.toJSON())).not.toContain('ses:');
    expect(() => stack.synth({ emailFrom: 'Payments <payments@ubcbiztech.com>' })).toThrow(
      /plain email address/,
    );
  });

  it('with the payments table imported, drains on the schedule alone (no stream to read)', () => {
    const imported = stack.synth({ importExistingTables: true });
    imported.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    imported.resourceCountIs('AWS::Events::Rule', 1);
    expect(JSON.stringify(imported.toJSON())).not.toContain('dynamodb:GetRecords');
    // Only the payments table is new; with BizTech's tables imported the stream is still there.
    const mixed = stack.synth({ importExistingTables: EXISTING_BIZTECH_TABLES });
    mixed.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
  });
});
