import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { freePort } from '@biztech/dev-services';
import { describe, expect, test } from 'vitest';
import { createRegistrationHandlers, createServiceDeps } from '../src/index.ts';
import { bodyOf, frontendBody, proxyEvent } from './support.ts';

describe('store faults', () => {
  test("DynamoDB out of reach is 502 store_unavailable (a retry may work), in today's response shape", async () => {
    // Prepare: a port nothing listens on, one attempt per call.
    const port = await freePort();
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const { post, put } = createRegistrationHandlers(createServiceDeps(DynamoDBDocumentClient.from(client)));

    // Act
    const posted = await post(proxyEvent(frontendBody('blueprint', 'ada@ubc.ca', 'registered')));
    const edited = await put(
      proxyEvent({ eventID: 'blueprint', year: 2026, points: 3 }, { email: 'ada@ubc.ca', fname: 'Ada' }),
    );

    // Assess
    for (const res of [posted, edited]) {
      expect(res.statusCode).toBe(502);
      expect(bodyOf(res)).toMatchObject({ code: 'store_unavailable' });
      expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    }
    client.destroy();
  });
});
