import { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesEmailSender } from '@biztech/payments-aws';
import type { EmailSender } from '@biztech/payments-core';
import type { PaymentsSettings } from '../env/read-env.ts';
import { type AwsClientTimeouts, awsClientTimeoutOptions } from '../env/timeouts.ts';

/**
 * The SES v2 sender of the outbox's emails, with its client. Imported dynamically by
 * `createPaymentsFunction` on the first email, so a request that sends none never loads the SES SDK.
 */
export function sesEmailSenderOf(
  settings: PaymentsSettings,
  email: NonNullable<PaymentsSettings['email']>,
  timeouts: AwsClientTimeouts,
  localCredentials: boolean,
): { sender: EmailSender; close(): void } {
  const client = new SESv2Client({
    region: settings.awsRegion,
    ...(email.endpoint ? { endpoint: email.endpoint } : {}),
    ...(localCredentials ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    ...awsClientTimeoutOptions(timeouts),
  });
  return { sender: createSesEmailSender({ client, from: email.from }), close: () => client.destroy() };
}
