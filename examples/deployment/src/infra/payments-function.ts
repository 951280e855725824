import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type Code, Function as LambdaFunction, type Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { BUNDLE_HANDLER } from '../bundle-location.ts';

/** Settings of {@link PaymentsFunction}. */
export interface PaymentsFunctionProps {
  description: string;
  runtime: Runtime;
  /** The function's own bundle folder (`<bundleDir>/<name>`). */
  code: Code;
  environment: Record<string, string>;
  timeout: Duration;
  /** Everything the function may do beyond writing its own logs. */
  statements: readonly PolicyStatement[];
}

/**
 * One of the payments Lambda functions (arm64, 512 MB) with a role and a log group of its own:
 * the role holds exactly `statements` plus writing to that log group, no managed policy (Lambda's
 * `AWSLambdaBasicExecutionRole` would grant logs on every log group), so each function can do what
 * its own code does and nothing another function needs.
 */
export class PaymentsFunction extends Construct {
  readonly handler: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: PaymentsFunctionProps) {
    super(scope, id);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.description,
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.logGroup.grantWrite(this.role);
    for (const statement of props.statements) this.role.addToPolicy(statement);
    this.handler = new LambdaFunction(this, 'Handler', {
      description: props.description,
      runtime: props.runtime,
      architecture: Architecture.ARM_64,
      handler: BUNDLE_HANDLER,
      code: props.code,
      // The AWS SDK and zod load on a cold start; 512 MB brings the CPU to do it quickly.
      memorySize: 512,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
    });
  }
}

/** Below the HTTP API's 30 s integration limit, so a slow Stripe call ends in our 5xx, not a gateway timeout. */
export const HTTP_FUNCTION_TIMEOUT = Duration.seconds(25);
