/**
 * Where one secret lives. The stack puts only this reference in the template and in the Lambda's
 * environment; the function reads the value at run time, so no secret ever appears in the
 * CloudFormation template, the Lambda console or `cdk diff`.
 */
export type SecretSource =
  | {
      /** Full ARN of a Secrets Manager secret, including AWS's random six-character suffix. */
      secretsManagerArn: string;
      /** When the secret's string is a JSON object: the field holding this value. */
      jsonField?: string;
      ssmParameterName?: never;
    }
  | {
      /** Name of an SSM parameter (a `SecureString`, e.g. `/biztech/payments/dev/STRIPE_SECRET_KEY`). */
      ssmParameterName: string;
      secretsManagerArn?: never;
      jsonField?: never;
    };

/**
 * The composition root's variables that hold secrets. For each, the Lambda's environment carries
 * `<NAME>_FROM` (a reference) instead of `<NAME>` (the value).
 */
export const SECRET_VARIABLES = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'STRIPE_CANCEL_WEBHOOK_SECRET',
  'COGNITO_CLIENT_SECRET',
] as const;

/** One of {@link SECRET_VARIABLES}. */
export type SecretVariable = (typeof SECRET_VARIABLES)[number];

/** Suffix of the environment variable that carries a secret's reference. */
export const SECRET_REFERENCE_SUFFIX = '_FROM';

const SECRETS_MANAGER_PREFIX = 'secretsmanager:';
const SSM_PREFIX = 'ssm:';

/**
 * Encodes a reference as one environment value: `secretsmanager:<arn>[#<jsonField>]` or
 * `ssm:<name>`. `#` can occur in neither a secret ARN nor a parameter name, so it separates safely.
 * Works with CDK tokens too (string concatenation becomes `Fn::Join`).
 *
 * @example
 * ```ts
 * encodeSecretSource({ ssmParameterName: '/biztech/payments/dev/STRIPE_SECRET_KEY' });
 * // 'ssm:/biztech/payments/dev/STRIPE_SECRET_KEY'
 * ```
 */
export function encodeSecretSource(source: SecretSource): string {
  if (source.ssmParameterName !== undefined) return `${SSM_PREFIX}${source.ssmParameterName}`;
  const field = source.jsonField === undefined ? '' : `#${source.jsonField}`;
  return `${SECRETS_MANAGER_PREFIX}${source.secretsManagerArn}${field}`;
}

/**
 * Reads a reference written by {@link encodeSecretSource}.
 *
 * @throws TypeError when the text is not a reference
 */
export function parseSecretSource(text: string): SecretSource {
  if (text.startsWith(SSM_PREFIX) && text.length > SSM_PREFIX.length) {
    return { ssmParameterName: text.slice(SSM_PREFIX.length) };
  }
  if (text.startsWith(SECRETS_MANAGER_PREFIX) && text.length > SECRETS_MANAGER_PREFIX.length) {
    const [arn, jsonField] = text.slice(SECRETS_MANAGER_PREFIX.length).split('#', 2) as [string, string?];
    return jsonField === undefined || jsonField === ''
      ? { secretsManagerArn: arn }
      : { secretsManagerArn: arn, jsonField };
  }
  throw new TypeError('a secret reference is "secretsmanager:<arn>[#<jsonField>]" or "ssm:<parameter name>"');
}
