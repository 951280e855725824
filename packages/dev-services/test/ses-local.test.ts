import { describe, expect, test } from 'vitest';
import { assertPortFree, startSesLocal } from '../src/index.ts';

describe('aws-ses-v2-local', () => {
  test('starts on a loopback port, keeps what SES v2 SendEmail sent, lists it on its page, and stops', async () => {
    // Prepare
    const ses = await startSesLocal();
    try {
      expect(await ses.readMail()).toEqual([]);

      // Act: the request an SESv2Client makes (the emulator checks only that it is AWS-signed).
      const sent = await fetch(`${ses.endpoint}/v2/email/outbound-emails`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/x' },
        body: JSON.stringify({
          FromEmailAddress: 'payments@ubcbiztech.com',
          Destination: { ToAddresses: ['ada@ubc.ca'] },
          Content: {
            Simple: {
              Subject: { Data: 'Hello' },
              Body: { Text: { Data: 'plain' }, Html: { Data: '<p>rich</p>' } },
            },
          },
        }),
      });

      // Assess
      expect(sent.status).toBe(200);
      const { MessageId } = (await sent.json()) as { MessageId: string };
      expect(await ses.readMail()).toEqual([
        {
          messageId: MessageId,
          from: 'payments@ubcbiztech.com',
          to: ['ada@ubc.ca'],
          subject: 'Hello',
          text: 'plain',
          html: '<p>rich</p>',
          at: expect.any(Number),
        },
      ]);
      expect((await fetch(ses.url)).headers.get('content-type')).toMatch(/^text\/html/);
      await expect(assertPortFree(ses.port, 'x')).rejects.toThrow(/already listens/);
    } finally {
      await ses.stop();
    }
    await assertPortFree(ses.port, 'aws-ses-v2-local after stop');
  });

  test('a taken port fails with a clear message before anything is spawned', async () => {
    const ses = await startSesLocal();
    try {
      await expect(startSesLocal({ port: ses.port })).rejects.toThrow(
        `aws-ses-v2-local needs 127.0.0.1:${ses.port}, but something already listens there`,
      );
    } finally {
      await ses.stop();
    }
  });
});
