import type { PaymentsEnv } from '@biztech/payments-http/env';
import {
  parseSecretSource,
  SECRET_REFERENCE_SUFFIX,
  SECRET_VARIABLES,
  type SecretSource,
  type SecretVariable,
} from '../secret-source.ts';

/** Reads secret values from AWS (or from a fake in tests). */
export interface SecretReaders {
  /** The `SecretString` of a Secrets Manager secret. */
  getSecretString(arn: string): Promise<string>;
  /** The decrypted value of an SSM parameter. */
  getParameter(name: string): Promise<string>;
}

/** A secret reference that could not be turned into a value. Never carries the value itself. */
export class SecretResolutionError extends Error {
  readonly variable: SecretVariable;
  constructor(variable: SecretVariable, message: string, options?: { cause?: unknown }) {
    super(`${variable}: ${message}`, options);
    this.name = 'SecretResolutionError';
    this.variable = variable;
  }
}

const present = (text: string | undefined): text is string => text !== undefined && text.trim() !== '';

function fieldOf(variable: SecretVariable, secret: string, arn: string, field: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secret);
  } catch {
    // JSON.parse's own message quotes the input, which is the secret: say only where it failed.
    throw new SecretResolutionError(variable, `the secret ${arn} is not a JSON object`);
  }
  const value =
    typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string' || value === '') {
    throw new SecretResolutionError(variable, `the secret ${arn} has no string field "${field}"`);
  }
  return value;
}

/**
 * Returns a copy of `env` in which every `<NAME>_FROM` reference of {@link SECRET_VARIABLES} is
 * replaced by the secret's value under `<NAME>`, ready for `createPaymentsFromEnv`. Each secret
 * or parameter is read once, however many variables point at it (one JSON secret for all of
 * Stripe's values is a common layout).
 *
 * @throws SecretResolutionError when a reference is malformed, unreadable, or conflicts with a plain value
 * @example
 * ```ts
 * const env = await resolveSecretEnv(process.env, createAwsSecretReaders(process.env.AWS_REGION));
 * const payments = createPaymentsFromEnv(env);
 * ```
 */
export async function resolveSecretEnv(env: PaymentsEnv, readers: SecretReaders): Promise<PaymentsEnv> {
  const resolved: PaymentsEnv = { ...env };
  const reads = new Map<string, Promise<string>>();
  const read = (source: SecretSource): Promise<string> => {
    const key = source.ssmParameterName ?? source.secretsManagerArn;
    let pending = reads.get(key);
    if (pending === undefined) {
      pending =
        source.ssmParameterName !== undefined
          ? readers.getParameter(source.ssmParameterName)
          : readers.getSecretString(source.secretsManagerArn);
      reads.set(key, pending);
    }
    return pending;
  };

  await Promise.all(
    SECRET_VARIABLES.map(async (variable) => {
      const reference = env[`${variable}${SECRET_REFERENCE_SUFFIX}`];
      if (!present(reference)) return;
      if (present(env[variable])) {
        // Two sources for one value: refuse rather than guess which one the operator meant.
        throw new SecretResolutionError(variable, `both ${variable} and ${variable}_FROM are set`);
      }
      let source: SecretSource;
      try {
        source = parseSecretSource(reference.trim());
      } catch (error) {
        throw new SecretResolutionError(variable, (error as Error).message);
      }
      let secret: string;
      try {
        secret = await read(source);
      } catch (error) {
        const name = error instanceof Error ? error.name : 'Error';
        throw new SecretResolutionError(variable, `could not read ${reference.trim()} (${name})`, {
          cause: error,
        });
      }
      resolved[variable] =
        source.secretsManagerArn !== undefined && source.jsonField !== undefined
          ? fieldOf(variable, secret, source.secretsManagerArn, source.jsonField)
          : secret;
    }),
  );
  return resolved;
}
