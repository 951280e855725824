import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '@biztech/payments-http/lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENTS_ROUTES } from '../src/infra/payments-api.ts';
import { closedPort, type FakeAwsSecrets, startFakeAwsSecrets } from './support/fake-aws-secrets.ts';
import { bundleToTempDir } from './support/lambda-bundle-dir.ts';

// Bundling and synthesizing take seconds, more on a busy 2-core machine; hooks default to 10 s.
const SETUP_TIMEOUT_MS = 120_000;

type BundledHandler = (event: ApiGatewayV2Event) => Promise<ApiGatewayV2Result>;

const ORIGIN = 'https://app.ubcbiztech.com';
const SECRET_ARN = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:biztech/payments/test-AbC123';
const PARAMETER = '/biztech/payments/test/STRIPE_SECRET_KEY';
const WEBHOOK_SECRET = 'whsec_from_secrets_manager_51c0';
const CANCEL_SECRET = 'whsec_cancel_from_secrets_manager_9e2a';

function v2Event(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { host: 'abc123.execute-api.us-west-2.amazonaws.com', ...init.headers },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: `req-${method}-${path}`,
      domainName: 'abc123.execute-api.us-west-2.amazonaws.com',
      stage: '$default',
    },
    ...(init.body === undefined ? {} : { body: init.body, isBase64Encoded: false }),
  } satisfies ApiGatewayV2Event;
}

/** A `Stripe-Signature` header as Stripe computes it: HMAC-SHA256 of `<t>.<payload>`. */
function stripeSignature(payload: string, secret: string): string {
  const t = Math.floor(Date.now() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${payload}`).digest('hex')}`;
}

const samplePath = (pattern: string) =>
  pattern
    .replace('{email}', encodeURIComponent('ada@ubc.ca'))
    .replace('{eventID}', 'blueprint')
    .replace('{year}', '2026')
    .replace('{sessionId}', 'cs_test_123');

describe('the bundled Lambda entry', () => {
  let bundle: Awaited<ReturnType<typeof bundleToTempDir>>;
  let aws: FakeAwsSecrets;
  let handler: BundledHandler;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    bundle = await bundleToTempDir({ loadedByNode: true });
    aws = await startFakeAwsSecrets({
      secrets: {
        [SECRET_ARN]: JSON.stringify({
          STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
          STRIPE_CANCEL_WEBHOOK_SECRET: CANCEL_SECRET,
        }),
      },
      parameters: { [PARAMETER]: 'sk_test_from_ssm_0d41' },
    });
    // Stores, Stripe and Cognito point at a closed loopback port: any request to them would fail.
    const nowhere = `http://127.0.0.1:${await closedPort()}`;
    savedEnv = { ...process.env };
    Object.assign(process.env, {
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDTEST',
      AWS_SECRET_ACCESS_KEY: 'test-secret-access-key',
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.endpoint,
      AWS_ENDPOINT_URL_SSM: aws.endpoint,
      DYNAMODB_ENDPOINT: nowhere,
      STRIPE_API_BASE: nowhere,
      COGNITO_ENDPOINT: nowhere,
      COGNITO_USER_POOL_ID: 'us-west-2_TestPool1',
      COGNITO_CLIENT_ID: 'testclientid123',
      TABLE_SUFFIX: 'TEST',
      CLIENT_URL: `${ORIGIN}/`,
      ALLOWED_REDIRECT_ORIGINS: ORIGIN,
      STRIPE_SECRET_KEY_FROM: `ssm:${PARAMETER}`,
      STRIPE_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_WEBHOOK_SECRET`,
      STRIPE_CANCEL_WEBHOOK_SECRET_FROM: `secretsmanager:${SECRET_ARN}#STRIPE_CANCEL_WEBHOOK_SECRET`,
    });
    for (const name of ['STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_CANCEL_WEBHOOK_SECRET']) {
      delete process.env[name];
    }
    const module = (await import(pathToFileURL(bundle.file).href)) as { handler: BundledHandler };
    handler = module.handler;
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    process.env = savedEnv;
    await aws?.close();
    await bundle?.dispose();
  });

  it('answers GET /health with 200 { ok: true }', async () => {
    const result = await handler(v2Event('GET', '/health'));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ok: true });
  });

  it('serves GET /openapi.json from its lazily loaded chunk, and the /docs page', async () => {
    const document = await handler(v2Event('GET', '/openapi.json'));
    const docs = await handler(v2Event('GET', '/docs'));

    expect(document.statusCode).toBe(200);
    expect(JSON.parse(document.body)).toMatchObject({
      openapi: '3.1.0',
      info: { title: 'BizTech Payments API' },
    });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
    expect(bundle.coldStartBytes).toBeLessThan(bundle.totalBytes);
  });

  it('read each secret once at start: the parameter decrypted, the JSON secret a single time', () => {
    const reads = aws.calls.map((c) => [c.target, c.input]);
    expect(reads).toHaveLength(2);
    expect(reads).toEqual(
      expect.arrayContaining([
        ['AmazonSSM.GetParameter', { Name: PARAMETER, WithDecryption: true }],
        ['secretsmanager.GetSecretValue', { SecretId: SECRET_ARN }],
      ]),
    );
  });

  it('serves every route the HTTP API forwards (a CORS preflight finds each), and no other path', async () => {
    for (const route of PAYMENTS_ROUTES) {
      const result = await handler(
        v2Event('OPTIONS', samplePath(route.path), { headers: { origin: ORIGIN } }),
      );
      expect(result.statusCode, route.path).toBe(204);
      expect(result.headers['access-control-allow-origin'], route.path).toBe(ORIGIN);
    }
    const unknown = await handler(
      v2Event('OPTIONS', '/payments/unknown/route', { headers: { origin: ORIGIN } }),
    );
    expect(unknown.statusCode).toBe(404);
  });

  it('verifies webhooks with the secret read from Secrets Manager', async () => {
    const payload = JSON.stringify({
      id: 'evt_test_1',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    const post = (secret: string, path: string) =>
      handler(
        v2Event('POST', path, {
          headers: {
            'content-type': 'application/json',
            'stripe-signature': stripeSignature(payload, secret),
          },
          body: payload,
        }),
      );

    const signed = await post(WEBHOOK_SECRET, '/payments/webhook');
    const cancel = await post(CANCEL_SECRET, '/payments/cancel');
    const forged = await post('whsec_not_the_configured_one', '/payments/webhook');

    expect(signed.statusCode).toBe(200);
    expect(JSON.parse(signed.body)).toEqual({ received: true, outcome: 'ignored' });
    expect(cancel.statusCode).toBe(200);
    expect(forged.statusCode).toBe(400);
    // Still the two reads of the first request: the handler was built once and reused.
    expect(aws.calls).toHaveLength(2);
  });

  it('bundles the operations function next to it: a stream batch without outbox items drains nothing', async () => {
    const operations = (await import(pathToFileURL(join(bundle.dir, 'operations.mjs')).href)) as {
      handler: (event: unknown) => Promise<unknown>;
    };
    const batch = { Records: [{ eventName: 'INSERT', dynamodb: { Keys: { pk: { S: 'AUDIT#x' } } } }] };
    expect(await operations.handler(batch)).toEqual({
      job: 'drain',
      outboxRecords: 0,
      drained: { attempted: 0, completed: 0, retried: 0, stuck: 0 },
    });
  });
});
