import { inspect } from 'node:util';
import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { LOCAL_AWS, type SesLocal, startSesLocal } from '@biztech/dev-services';
import { renderEmail, type SeatOfferedData } from '@biztech/payments-core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSesEmailSender, EmailSendError } from '../src/index.ts';

const FROM = 'BizTech <payments@ubcbiztech.com>';
// Distinctive credentials: none of them may show up in an error, however deeply it is printed.
const CREDENTIALS = {
  accessKeyId: 'AKIAEMAILTESTKEY0001',
  secretAccessKey: 'Sup3rSecretEmailTestKeyThatMustNeverLeak/0',
  sessionToken: 'SessionTokenEmailTestThatMustNeverLeakEither+0',
};
const sesClient = (endpoint: string, extra: Record<string, unknown> = {}) =>
  new SESv2Client({ endpoint, region: LOCAL_AWS.region, credentials: CREDENTIALS, ...extra });

const offer: SeatOfferedData = {
  eventName: 'Blueprint & Friends',
  eventID: 'blueprint',
  year: 2026,
  amountCents: 2500,
  currency: 'cad',
  expiresAt: Date.UTC(2026, 11, 8, 13, 0),
  link: 'http://127.0.0.1:4000/registrations/ada%40ubc.ca/blueprint/2026/checkout?offer=1&x=2',
};

const printed = (error: unknown) => `${inspect(error, { depth: null, showHidden: true })} ${String(error)}`;
const expectNoCredentials = (error: unknown) => {
  for (const secret of Object.values(CREDENTIALS)) expect(printed(error)).not.toContain(secret);
};

let ses: SesLocal;
beforeAll(async () => {
  ses = await startSesLocal();
});
afterAll(() => ses?.stop());

describe('SES email sender on aws-ses-v2-local', () => {
  test('sends a rendered seat offer that reads back with its recipient, subject and link', async () => {
    // Prepare: record the serialized request, to see what reached the wire.
    const client = sesClient(ses.endpoint);
    const bodies: unknown[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        // The SDK serializes to bytes; decode them rather than letting String() coerce them.
        bodies.push(JSON.parse(new TextDecoder().decode((args.request as { body: Uint8Array }).body)));
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
    const sender = createSesEmailSender({ client, from: FROM, configurationSetName: 'biztech-payments' });
    const message = renderEmail({ template: 'seat_offered', to: 'ada@ubc.ca', data: offer });

    // Act
    const { messageId } = await sender.send(message);
    client.destroy();

    // Assess
    const mail = await ses.readMail();
    expect(mail).toHaveLength(1);
    const [sent] = mail;
    expect(sent).toMatchObject({
      messageId,
      from: FROM,
      to: ['ada@ubc.ca'],
      subject: 'A seat opened up for you: Blueprint & Friends',
    });
    expect(sent?.text).toContain(`\n${offer.link}\n`);
    expect(sent?.text).toContain('pay $25.00 CAD by 2026-12-08 13:00 UTC');
    const escapedLink = offer.link.replace(/&/g, '&amp;');
    expect(sent?.html).toContain(`<a href="${escapedLink}">${escapedLink}</a>`);
    expect(sent?.html).toContain('Blueprint &amp; Friends');
    expect(bodies).toEqual([
      expect.objectContaining({
        ConfigurationSetName: 'biztech-payments',
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' },
            },
          },
        },
      }),
    ]);
  });

  test('a stopped server makes send reject with a retryable error that carries no credentials', async () => {
    // Prepare: a second emulator, stopped, so its port refuses connections.
    const gone = await startSesLocal();
    await gone.stop();
    const client = sesClient(gone.endpoint, { maxAttempts: 2 });
    const sender = createSesEmailSender({ client, from: FROM });

    // Act
    const failure = await sender
      .send(renderEmail({ template: 'seat_offered', to: 'ada@ubc.ca', data: offer }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    client.destroy();

    // Assess
    expect(failure).toBeInstanceOf(EmailSendError);
    expect(failure).toMatchObject({ code: 'gateway_unavailable', retryable: true });
    expect((failure as EmailSendError).message).toMatch(/^SES SendEmail failed \(.*ECONNREFUSED/);
    expectNoCredentials(failure);
  });

  test('a message SES refuses rejects as not retryable, without credentials', async () => {
    // Prepare: the emulator, like SES, refuses a message without a sender.
    const client = sesClient(ses.endpoint, { maxAttempts: 1 });
    const sender = createSesEmailSender({ client, from: '' });

    // Act
    const failure = await sender
      .send(renderEmail({ template: 'refund_issued', to: 'ada@ubc.ca', data: {} }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    client.destroy();

    // Assess
    expect(failure).toBeInstanceOf(EmailSendError);
    expect(failure).toMatchObject({
      code: 'gateway_rejected',
      retryable: false,
      ses: { httpStatusCode: 400 },
    });
    expectNoCredentials(failure);
  });
});

describe('SES faults the emulator cannot produce', () => {
  const client = sesClient('http://127.0.0.1:9');
  const mock = mockClient(client);
  afterAll(() => {
    mock.restore();
    client.destroy();
  });

  test('throttling is retryable, and a key-like string in an AWS message is redacted', async () => {
    // Prepare
    mock
      .reset()
      .on(SendEmailCommand)
      .rejects(
        new TooManyRequestsException({
          message: `Maximum sending rate exceeded for ${CREDENTIALS.accessKeyId} ${CREDENTIALS.secretAccessKey}`,
          $metadata: { httpStatusCode: 429, requestId: 'req-1' },
        }),
      );

    // Act
    const failure = await createSesEmailSender({ client, from: FROM })
      .send(renderEmail({ template: 'refund_issued', to: 'ada@ubc.ca', data: {} }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess
    expect(failure).toMatchObject({
      code: 'gateway_unavailable',
      retryable: true,
      ses: { name: 'TooManyRequestsException', httpStatusCode: 429, requestId: 'req-1' },
    });
    expect((failure as Error).message).toBe(
      'SES SendEmail failed (TooManyRequestsException: Maximum sending rate exceeded for [redacted] [redacted])',
    );
    expectNoCredentials(failure);
  });

  test('an answer without a MessageId is a failure to retry, not a success', async () => {
    mock.reset().on(SendEmailCommand).resolves({ $metadata: {} });
    const send = createSesEmailSender({ client, from: FROM }).send(
      renderEmail({ template: 'refund_issued', to: 'ada@ubc.ca', data: {} }),
    );
    await expect(send).rejects.toMatchObject({
      code: 'gateway_unavailable',
      ses: { name: 'MissingMessageId' },
    });
  });
});
