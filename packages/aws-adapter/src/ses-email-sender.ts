import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailMessage, EmailSender } from '@biztech/payments-core';
import { EmailSendError, emailSendError } from './email-errors.ts';

/** Where and how to send. */
export interface SesEmailSenderOptions {
  /** A ready SES v2 client (region, credentials, and `endpoint` for `aws-ses-v2-local`). */
  client: SESv2Client;
  /** The verified sender, e.g. `BizTech <payments@ubcbiztech.com>`. */
  from: string;
  /** An SES configuration set (event publishing, a dedicated IP pool); omitted when not given. */
  configurationSetName?: string;
}

const CHARSET = 'UTF-8';

/**
 * An `EmailSender` on Amazon SES (API v2): one `SendEmail` with `Content.Simple` (subject, text and
 * HTML bodies, UTF-8) per message. Resolves with SES's `MessageId`. Rejects with an
 * {@link EmailSendError} (`gateway_unavailable` when a retry may help, else `gateway_rejected`)
 * whose message and fields hold no credentials, so the outbox can record it as `lastError` and retry.
 * SES has no idempotency key: the outbox's one item per cause is what keeps an email from doubling.
 *
 * @example
 * ```ts
 * const sender = createSesEmailSender({
 *   client: new SESv2Client({ region: 'us-west-2' }),
 *   from: 'BizTech <payments@ubcbiztech.com>',
 * });
 * await sender.send(renderEmail(action)); // { messageId: '0100018c…' }
 * ```
 */
export function createSesEmailSender(options: SesEmailSenderOptions): EmailSender {
  const { client, from, configurationSetName } = options;
  return {
    async send(message: EmailMessage) {
      const command = new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: CHARSET },
            Body: {
              Text: { Data: message.text, Charset: CHARSET },
              Html: { Data: message.html, Charset: CHARSET },
            },
          },
        },
        ...(configurationSetName ? { ConfigurationSetName: configurationSetName } : {}),
      });
      let messageId: string | undefined;
      try {
        ({ MessageId: messageId } = await client.send(command));
      } catch (error) {
        throw emailSendError(error, 'SES SendEmail');
      }
      if (!messageId) {
        throw new EmailSendError('gateway_unavailable', 'SES SendEmail answered without a MessageId', {
          name: 'MissingMessageId',
        });
      }
      return { messageId };
    },
  };
}
