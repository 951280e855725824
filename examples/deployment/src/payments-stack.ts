import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MEMBERSHIP_YEAR } from '@biztech/payments-aws';
import { CfnOutput, Stack, Tags } from 'aws-cdk-lib';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Code, type Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import {
  BUNDLE_FILE,
  DEFAULT_BUNDLE_DIR,
  LAMBDA_FUNCTIONS,
  type LambdaFunctionName,
} from './bundle-location.ts';
import { emailSendStatement } from './infra/email-access.ts';
import { OperationsJobs } from './infra/operations-jobs.ts';
import { type HttpFunctionName, PaymentsApi } from './infra/payments-api.ts';
import { HTTP_FUNCTION_TIMEOUT, PaymentsFunction } from './infra/payments-function.ts';
import { PaymentsTables } from './infra/payments-tables.ts';
import { assertSecretSource, secretAccessStatements } from './infra/secret-access.ts';
import { type TableAccessScope, tableAccessStatements } from './infra/table-access.ts';
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

/** Each HTTP function: what it serves, and what its code does to the tables. */
const HTTP_FUNCTIONS: Record<HttpFunctionName, { what: string; tables: TableAccessScope }> = {
  webhooks: { what: 'Stripe webhooks', tables: 'requests' },
  checkout: { what: 'checkout and registration', tables: 'checkout' },
  // The operator API runs reconcile passes and lists and resolves the queue.
  admin: { what: 'operator API, reads, health and docs', tables: 'admin' },
};

/**
 * BizTech payments on AWS: the adapter's six DynamoDB tables (created from `tableDefinitions()`
 * or imported), four arm64 Node 22 Lambda functions split by route family (webhooks; checkout and
 * registration; admin and reads; the outbox drainer and reconciler), each with its own bundle and a
 * role that can do only what its code does, and an HTTP API sending each route to its family's
 * function.
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
  /** The HTTP functions by route family. */
  readonly functions: Readonly<Record<HttpFunctionName, PaymentsFunction>>;
  readonly api: PaymentsApi;
  readonly operations: OperationsJobs;

  constructor(scope: Construct, id: string, props: PaymentsStackProps) {
    super(scope, id, props);
    assertOrigins(props.allowedRedirectOrigins);
    const secretEntries = secretsByVariable(props.secrets);
    for (const [name, source] of secretEntries) assertSecretSource(name, source);

    const bundleDir = props.bundleDir ?? DEFAULT_BUNDLE_DIR;
    for (const name of Object.keys(LAMBDA_FUNCTIONS)) {
      if (!existsSync(join(bundleDir, name, BUNDLE_FILE))) {
        throw new Error(
          `no Lambda bundle at ${join(bundleDir, name, BUNDLE_FILE)}: run pnpm --filter @biztech/payments-deployment-example bundle`,
        );
      }
    }
    const codeOf = (name: LambdaFunctionName) => Code.fromAsset(join(bundleDir, name));
    const runtime = RUNTIMES[props.nodeRuntime ?? 'nodejs22.x'];
    const membershipYear = props.membershipYear ?? DEFAULT_MEMBERSHIP_YEAR;

    this.tables = new PaymentsTables(this, 'Tables', {
      tableSuffix: props.tableSuffix,
      membershipYear,
      ...(props.importExistingTables === undefined
        ? {}
        : { importExistingTables: props.importExistingTables }),
    });

    // Every function reads the secrets at its first invocation (the composition root needs the
    // Stripe key and the webhook secrets to start) and may send the outbox's emails.
    const common = (): PolicyStatement[] => [
      ...secretAccessStatements(
        this,
        secretEntries.map(([, source]) => source),
      ),
      ...(props.emailFrom === undefined ? [] : [emailSendStatement(this, props.emailFrom)]),
    ];

    const environment: Record<string, string> = {
      TABLE_SUFFIX: props.tableSuffix,
      MEMBERSHIP_YEAR: String(membershipYear),
      ALLOWED_REDIRECT_ORIGINS: props.allowedRedirectOrigins.join(','),
      CLIENT_URL: props.clientUrl,
      COGNITO_USER_POOL_ID: this.deployTimeValue(props.cognito.userPoolId),
      COGNITO_CLIENT_ID: this.deployTimeValue(props.cognito.clientId),
      PAYMENT_RESPONSE: props.paymentResponse ?? 'negotiate',
      // Stack traces point into the TypeScript sources through the bundle's source map.
      NODE_OPTIONS: '--enable-source-maps',
      ...(props.emailFrom === undefined ? {} : { EMAIL_FROM: props.emailFrom }),
    };
    for (const [name, source] of secretEntries) {
      environment[`${name}${SECRET_REFERENCE_SUFFIX}`] = encodeSecretSource(source);
    }

    const functions: Partial<Record<HttpFunctionName, PaymentsFunction>> = {};
    for (const [name, family] of Object.entries(HTTP_FUNCTIONS) as Array<
      [HttpFunctionName, (typeof HTTP_FUNCTIONS)[HttpFunctionName]]
    >) {
      functions[name] = new PaymentsFunction(this, `${name[0]?.toUpperCase()}${name.slice(1)}`, {
        description: `BizTech payments ${family.what} (${props.stage})`,
        runtime,
        code: codeOf(name),
        timeout: HTTP_FUNCTION_TIMEOUT,
        statements: [...tableAccessStatements(this.tables, family.tables), ...common()],
        environment,
      });
    }
    this.functions = functions as Record<HttpFunctionName, PaymentsFunction>;

    const handlers = Object.fromEntries(
      Object.entries(this.functions).map(([name, fn]) => [name, fn.handler]),
    ) as Record<HttpFunctionName, LambdaFunction>;
    this.api = new PaymentsApi(this, 'Api', {
      handlers,
      allowedOrigins: props.allowedRedirectOrigins,
      ...(props.throttle ? { throttle: props.throttle } : {}),
    });

    // The outbox drainer and the reconciler: the same code and configuration, its own role.
    this.operations = new OperationsJobs(this, 'Operations', {
      stage: props.stage,
      tables: this.tables,
      runtime,
      code: codeOf('operations'),
      statements: [...tableAccessStatements(this.tables, 'operations'), ...common()],
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
