import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';
import type { SecretSource } from '../secret-source.ts';

// A complete secret ARN ends with AWS's six random characters; IAM matches resources literally,
// so a name or partial ARN would synthesize fine and then fail with AccessDenied at run time.
const FULL_SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/;
const PARAMETER_NAME = /^\/?[\w.-]+(\/[\w.-]+)*$/;

/**
 * Checks a secret reference before it goes into the template.
 *
 * @throws Error for a partial Secrets Manager ARN or a malformed parameter name
 */
export function assertSecretSource(name: string, source: SecretSource): void {
  if (source.ssmParameterName !== undefined) {
    if (!Token.isUnresolved(source.ssmParameterName) && !PARAMETER_NAME.test(source.ssmParameterName)) {
      throw new Error(`${name}: "${source.ssmParameterName}" is not an SSM parameter name`);
    }
    return;
  }
  if (!Token.isUnresolved(source.secretsManagerArn) && !FULL_SECRET_ARN.test(source.secretsManagerArn)) {
    throw new Error(
      `${name}: give the secret's complete ARN, including its six-character suffix (arn:aws:secretsmanager:<region>:<account>:secret:<name>-AbCdEf)`,
    );
  }
}

/** The ARN of an SSM parameter of this stack's account and region. */
export function parameterArn(scope: IConstruct, name: string): string {
  return Stack.of(scope).formatArn({
    service: 'ssm',
    resource: 'parameter',
    // Hierarchical names start with "/", which the ARN does not repeat after `parameter`.
    resourceName: name.replace(/^\//, ''),
    arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/**
 * One statement per kind of source: `secretsmanager:GetSecretValue` on exactly the named secrets
 * and `ssm:GetParameter` on exactly the named parameters. Values encrypted with the AWS managed
 * keys (`aws/secretsmanager`, `aws/ssm`) need no KMS grant; a customer managed key does (README).
 */
export function secretAccessStatements(
  scope: IConstruct,
  sources: readonly SecretSource[],
): PolicyStatement[] {
  const secretArns = new Set<string>();
  const parameterArns = new Set<string>();
  for (const source of sources) {
    if (source.ssmParameterName !== undefined)
      parameterArns.add(parameterArn(scope, source.ssmParameterName));
    else secretArns.add(source.secretsManagerArn);
  }
  const statements: PolicyStatement[] = [];
  if (secretArns.size > 0) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['secretsmanager:GetSecretValue'],
        resources: [...secretArns],
      }),
    );
  }
  if (parameterArns.size > 0) {
    statements.push(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: ['ssm:GetParameter'],
        resources: [...parameterArns],
      }),
    );
  }
  return statements;
}
