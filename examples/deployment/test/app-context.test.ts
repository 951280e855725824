import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readAppSettings } from '../src/app-context.ts';
import { EXISTING_BIZTECH_TABLES } from '../src/infra/payments-tables.ts';

const ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:biztech/payments/prod-Xy12Zq';
const cdkJson = JSON.parse(readFileSync(new URL('../cdk.json', import.meta.url), 'utf8')) as {
  context: Record<string, unknown>;
};

/** CDK's context lookup: `-c` values over cdk.json's context. */
const contextOf =
  (overrides: Record<string, string> = {}) =>
  (key: string) =>
    overrides[key] ?? cdkJson.context[key];

describe('readAppSettings (cdk.json + -c)', () => {
  it('deploys dev by default against the existing tables, secrets in SSM under /biztech/payments/dev', () => {
    const { stackId, props } = readAppSettings(contextOf());

    expect(stackId).toBe('BizTechPaymentsDev');
    expect(props).toMatchObject({
      stage: 'dev',
      tableSuffix: '',
      clientUrl: 'http://localhost:3000/',
      allowedRedirectOrigins: ['http://localhost:3000'],
      importExistingTables: EXISTING_BIZTECH_TABLES,
      env: { region: 'us-west-2' },
      secrets: {
        stripeSecretKey: { ssmParameterName: '/biztech/payments/dev/STRIPE_SECRET_KEY' },
        stripeWebhookSecret: { ssmParameterName: '/biztech/payments/dev/STRIPE_WEBHOOK_SECRET' },
        stripeCancelWebhookSecret: { ssmParameterName: '/biztech/payments/dev/STRIPE_CANCEL_WEBHOOK_SECRET' },
      },
      cognito: {
        userPoolId: { ssmParameterName: '/biztech/payments/dev/COGNITO_USER_POOL_ID' },
        clientId: { ssmParameterName: '/biztech/payments/dev/COGNITO_CLIENT_ID' },
      },
    });
  });

  it('takes the prod stage from cdk.json and -c overrides over it', () => {
    const { stackId, props } = readAppSettings(
      contextOf({
        stage: 'prod',
        allowedRedirectOrigins: 'https://app.ubcbiztech.com, https://ubcbiztech.com',
        secretsArn: ARN,
        cognitoUserPoolId: 'us-west-2_Prod',
        cognitoClientId: 'prodclient',
        membershipYear: '2027',
        importExistingTables: 'all',
        nodeRuntime: 'nodejs22.x',
      }),
    );

    expect(stackId).toBe('BizTechPaymentsProd');
    expect(props).toMatchObject({
      stage: 'prod',
      tableSuffix: 'PROD',
      clientUrl: 'https://app.ubcbiztech.com/',
      allowedRedirectOrigins: ['https://app.ubcbiztech.com', 'https://ubcbiztech.com'],
      membershipYear: 2027,
      importExistingTables: true,
      nodeRuntime: 'nodejs22.x',
      cognito: { userPoolId: 'us-west-2_Prod', clientId: 'prodclient' },
      secrets: {
        stripeSecretKey: { secretsManagerArn: ARN, jsonField: 'STRIPE_SECRET_KEY' },
        stripeWebhookSecret: { secretsManagerArn: ARN, jsonField: 'STRIPE_WEBHOOK_SECRET' },
        stripeCancelWebhookSecret: { secretsManagerArn: ARN, jsonField: 'STRIPE_CANCEL_WEBHOOK_SECRET' },
      },
    });
  });

  it('reads the import mode as none, all, biztech or a list of roles', () => {
    const mode = (value: string) =>
      readAppSettings(contextOf({ importExistingTables: value })).props.importExistingTables;

    expect(mode('none')).toBe(false);
    expect(mode('all')).toBe(true);
    expect(mode('biztech')).toEqual(EXISTING_BIZTECH_TABLES);
    expect(mode('events, users')).toEqual(['events', 'users']);
    expect(() => mode('events,tickets')).toThrow(/"tickets" is not/);
  });

  it('says which context is missing or malformed', () => {
    expect(() => readAppSettings(contextOf({ stage: 'qa' }))).toThrow(/no clientUrl for stage "qa"/);
    expect(() => readAppSettings(contextOf({ stage: 'Prod!' }))).toThrow(/stage/);
    expect(() => readAppSettings(contextOf({ nodeRuntime: 'nodejs18.x' }))).toThrow(/nodeRuntime/);
  });

  it('names a stage stack from its words', () => {
    expect(
      readAppSettings(contextOf({ stage: 'pr-42', clientUrl: 'https://pr-42.example.dev/' })).stackId,
    ).toBe('BizTechPaymentsPr42');
  });
});
