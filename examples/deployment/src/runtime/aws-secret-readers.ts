import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { SecretReaders } from './resolve-secret-env.ts';

/** {@link SecretReaders} backed by the AWS SDK, plus `close()` to release the clients afterwards. */
export interface AwsSecretReaders extends SecretReaders {
  close(): void;
}

/**
 * Reads secrets with the Secrets Manager and SSM clients. Each SDK is imported (a dynamic import,
 * its own chunk of the bundle) and its client created only when a reference of its kind is read:
 * a function configured with SSM parameters alone never loads the Secrets Manager SDK, `/health`
 * with no references loads neither, and no cold start parses them before the first request.
 *
 * @param region the function's region (`AWS_REGION`, which Lambda always sets)
 */
export function createAwsSecretReaders(region: string | undefined): AwsSecretReaders {
  const config = region === undefined ? {} : { region };
  let secretsManager: Promise<SecretsManagerClient> | undefined;
  let ssm: Promise<SSMClient> | undefined;
  const closers: Array<() => void> = [];
  return {
    async getSecretString(arn) {
      secretsManager ??= import('@aws-sdk/client-secrets-manager').then((sdk) => {
        const client = new sdk.SecretsManagerClient(config);
        closers.push(() => client.destroy());
        return client;
      });
      const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
      const { SecretString } = await (await secretsManager).send(
        new GetSecretValueCommand({ SecretId: arn }),
      );
      if (SecretString === undefined)
        throw new TypeError(`the secret ${arn} holds binary data, not a string`);
      return SecretString;
    },
    async getParameter(name) {
      ssm ??= import('@aws-sdk/client-ssm').then((sdk) => {
        const client = new sdk.SSMClient(config);
        closers.push(() => client.destroy());
        return client;
      });
      const { GetParameterCommand } = await import('@aws-sdk/client-ssm');
      const { Parameter } = await (await ssm).send(
        new GetParameterCommand({ Name: name, WithDecryption: true }),
      );
      if (Parameter?.Value === undefined) throw new TypeError(`the parameter ${name} has no value`);
      return Parameter.Value;
    },
    close() {
      for (const close of closers) close();
    },
  };
}
