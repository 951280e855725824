import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import type { SecretReaders } from './resolve-secret-env.ts';

/** {@link SecretReaders} backed by the AWS SDK, plus `close()` to release the clients afterwards. */
export interface AwsSecretReaders extends SecretReaders {
  close(): void;
}

/**
 * Reads secrets with the Secrets Manager and SSM clients. A client is created only when a
 * reference of its kind is read, so a function configured with SSM parameters alone never
 * builds the Secrets Manager client (and `/health` with no references builds neither).
 *
 * @param region the function's region (`AWS_REGION`, which Lambda always sets)
 */
export function createAwsSecretReaders(region: string | undefined): AwsSecretReaders {
  const config = region === undefined ? {} : { region };
  let secretsManager: SecretsManagerClient | undefined;
  let ssm: SSMClient | undefined;
  return {
    async getSecretString(arn) {
      secretsManager ??= new SecretsManagerClient(config);
      const { SecretString } = await secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
      if (SecretString === undefined)
        throw new TypeError(`the secret ${arn} holds binary data, not a string`);
      return SecretString;
    },
    async getParameter(name) {
      ssm ??= new SSMClient(config);
      const { Parameter } = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      if (Parameter?.Value === undefined) throw new TypeError(`the parameter ${name} has no value`);
      return Parameter.Value;
    },
    close() {
      secretsManager?.destroy();
      ssm?.destroy();
    },
  };
}
