import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createCognitoIdentityProvider } from '@biztech/payments-aws';
import type { IdentityProvider } from '@biztech/payments-core';
import type { PaymentsSettings } from '../env/read-env.ts';
import { type AwsClientTimeouts, awsClientTimeoutOptions } from '../env/timeouts.ts';

/**
 * The Cognito identity provider of `UserMember` sign-ups, with its client. Imported dynamically by
 * `createPaymentsFunction` on the first sign-up, so no other request loads the Cognito SDK.
 */
export function cognitoIdentityOf(
  settings: PaymentsSettings,
  cognito: NonNullable<PaymentsSettings['cognito']>,
  timeouts: AwsClientTimeouts,
): { identity: IdentityProvider; close(): void } {
  const client = new CognitoIdentityProviderClient({
    region: settings.awsRegion,
    ...(cognito.endpoint ? { endpoint: cognito.endpoint } : {}),
    ...awsClientTimeoutOptions(timeouts),
  });
  return { identity: createCognitoIdentityProvider(client, cognito), close: () => client.destroy() };
}
