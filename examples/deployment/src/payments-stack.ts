import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MEMBERSHIP_YEAR } from '@biztech/payments-aws';
import { CfnOutput, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { BUNDLE_FILE, BUNDLE_HANDLER, DEFAULT_BUNDLE_DIR } from './bundle-location.ts';
import { emailSendStatement } from './infra/email-access.ts';
import { OperationsJobs } from './infra/operations-jobs.ts';
import { PaymentsApi } from './infra/payments-api.ts';
import { PaymentsTables } from './infra/payments-tables.ts';
import { assertSecretSource, secretAccessStatements } from './infra/secret-access.ts';
import { tableAccessStatements } from './infra/table-access.ts';
import {
  assertOrigins,
  type DeployTimeValue,
  type PaymentsStackProps,
  RUNTIMES,
  secretsByVariable,
} from './payments-stack-props.ts';
import { encodeSecretSource, SECRET_REFERENCE_SUFFIX } from './secret-source.ts';

export type {
  DeployTimeValue,
  NodeRuntime,
  PaymentsSecrets,
  PaymentsStackProps,
} from './payments-stack-props.ts';

/**
 * BizTech payments on AWS: the adapter's six DynamoDB tables (created from `tableDefinitions()`
 * or imported), one arm64 Node 22 Lambda function running the bundled payments handler, an HTTP
 * API with the contract's routes, and an execution role that can do only what the function does.
 *
 * @example
 * ```ts
 * new PaymentsStack(new App(), 'BizTechPaymentsDev', {
 *   stage: 'dev',
 *   tableSuffix: '',
 *   allowedRedirectOrigins: ['https://dev.app.ubcbiztech.com'],
 *   clientUrl: 'https://dev.app.ubcbiztech.com/',
 *   secrets: {
 *     stripeSecretKey: { ssmParameterName: '/biztech/payments/dev/STRIPE_SECRET_KEY' },
 *     stripeWebhookSecret: { ssmParameterName: '/biztech/payments/dev/STRIPE_WEBHOOK_SECRET' },
 *   },
 *   cognito: { userPoolId: 'us-west-2_AbCdEf', clientId: '1example23456789' },
 *   importExistingTables: EXISTING_BIZTECH_TABLES,
 * });
 * ```
 */
export class PaymentsStack extends Stack {
  readonly tables: PaymentsTables;
  readonly handler: LambdaFunction;
  readonly api: PaymentsApi;
  readonly operations: OperationsJobs;

  constructor(scope: Construct, id: string, props: PaymentsStackProps) {
    super(scope, id, props);
    assertOrigins(props.allowedRedirectOrigins);
    const secretEntries = secretsByVariable(props.secrets);
    for (const [name, source] of secretEntries) assertSecretSource(name, source);

    const bundleDir = props.bundleDir ?? DEFAULT_BUNDLE_DIR;
    if (!existsSync(join(bundleDir, BUNDLE_FILE))) {
      throw new Error(
        `no Lambda bundle at ${join(bundleDir, BUNDLE_FILE)}: run pnpm --filter @biztech/payments-deployment-example bundle`,
      );
    }
    const membershipYear = props.membershipYear ?? DEFAULT_MEMBERSHIP_YEAR;

    this.tables = new PaymentsTables(this, 'Tables', {
      tableSuffix: props.tableSuffix,
      membershipYear,
      ...(props.importExistingTables === undefined
        ? {}
        : { importExistingTables: props.importExistingTables }),
    });

    // A role of our own rather than Lambda's default: the managed basic-execution policy grants
    // logs on every log group ("*"); this one may write to the function's own log group only.
    const role = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `BizTech payments (${props.stage}): its tables, its secrets, its log group`,
    });
    const logGroup = new LogGroup(this, 'HandlerLogs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);
    for (const statement of tableAccessStatements(this.tables)) role.addToPolicy(statement);
    for (const statement of secretAccessStatements(
      this,
      secretEntries.map(([, source]) => source),
    )) {
      role.addToPolicy(statement);
    }
    if (props.emailFrom !== undefined) role.addToPolicy(emailSendStatement(this, props.emailFrom));

    const environment: Record<string, string> = {
      TABLE_SUFFIX: props.tableSuffix,
      MEMBERSHIP_YEAR: String(membershipYear),
      ALLOWED_REDIRECT_ORIGINS: props.allowedRedirectOrigins.join(','),
      CLIENT_URL: props.clientUrl,
      COGNITO_USER_POOL_ID: this.deployTimeValue(props.cognito.userPoolId),
      COGNITO_CLIENT_ID: this.deployTimeValue(props.cognito.clientId),
      PAYMENT_RESPONSE: props.paymentResponse ?? 'object',
      // Stack traces point into the TypeScript sources through the bundle's source map.
      NODE_OPTIONS: '--enable-source-maps',
      ...(props.emailFrom === undefined ? {} : { EMAIL_FROM: props.emailFrom }),
    };
    for (const [name, source] of secretEntries) {
      environment[`${name}${SECRET_REFERENCE_SUFFIX}`] = encodeSecretSource(source);
    }

    this.handler = new LambdaFunction(this, 'Handler', {
      description: `BizTech payments HTTP API (${props.stage})`,
      runtime: RUNTIMES[props.nodeRuntime ?? 'nodejs22.x'],
      architecture: Architecture.ARM_64,
      handler: BUNDLE_HANDLER,
      code: Code.fromAsset(bundleDir),
      // The Stripe SDK, the AWS SDK and zod load on a cold start; 512 MB brings the CPU to do it quickly.
      memorySize: 512,
      // Below the HTTP API's 30 s integration limit, so a slow Stripe call ends in our 5xx, not a gateway timeout.
      timeout: Duration.seconds(25),
      role,
      logGroup,
      environment,
    });

    this.api = new PaymentsApi(this, 'Api', {
      handler: this.handler,
      allowedOrigins: props.allowedRedirectOrigins,
      ...(props.throttle ? { throttle: props.throttle } : {}),
    });

    // The outbox drainer and the reconciler: the same code, configuration and role as the API.
    this.operations = new OperationsJobs(this, 'Operations', {
      stage: props.stage,
      tables: this.tables,
      runtime: RUNTIMES[props.nodeRuntime ?? 'nodejs22.x'],
      code: Code.fromAsset(bundleDir),
      role,
      environment: { ...environment, PUBLIC_API_URL: this.api.url },
    });

    Tags.of(this).add('project', 'biztech-payments');
    Tags.of(this).add('stage', props.stage);
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'Base URL of the payments API' });
    new CfnOutput(this, 'StripeWebhookUrl', {
      value: `${this.api.url}payments/webhook`,
      description: 'Register in Stripe (Developers > Webhooks): checkout.session.* and charge.refunded',
    });
    new CfnOutput(this, 'StripeCancelWebhookUrl', {
      value: `${this.api.url}payments/cancel`,
      description: "Register in Stripe for checkout.session.expired (today's separate endpoint)",
    });
  }

  private deployTimeValue(value: DeployTimeValue): string {
    return typeof value === 'string'
      ? value
      : StringParameter.valueForStringParameter(this, value.ssmParameterName);
  }
}
