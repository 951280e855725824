import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiGatewayV2Event, ApiGatewayV2Result } from '@biztech/payments-http/lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wholeApiDeclarations } from '../../../packages/http-adapter/src/http/route-families/whole-api.ts';
import { generateOpenApiDocument } from '../../../packages/http-adapter/src/openapi/document.ts';
import type { LambdaFunctionName } from '../src/bundle-location.ts';
import { type HttpFunctionName, PAYMENTS_ROUTES } from '../src/infra/payments-api.ts';
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
    .replace('{sessionId}', 'cs_test_123')
    .replace('{id}', 'q_123');

/** Whether any file a cold start of the function loads contains `text`. */
const loadsAtStart = (files: readonly string[], text: string) =>
  files.some((file) => readFileSync(file, 'utf8').includes(text));

describe('the bundled Lambda functions', () => {
  let bundle: Awaited<ReturnType<typeof bundleToTempDir>>;
  let aws: FakeAwsSecrets;
  let handlers: Record<HttpFunctionName, BundledHandler>;
  let savedEnv: NodeJS.ProcessEnv;
  let nowhere: string;

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
    nowhere = `http://127.0.0.1:${await closedPort()}`;
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
    const load = async (name: HttpFunctionName) =>
      ((await import(pathToFileURL(bundle.functions[name].file).href)) as { handler: BundledHandler })
        .handler;
    handlers = {
      webhooks: await load('webhooks'),
      checkout: await load('checkout'),
      admin: await load('admin'),
    };
  }, SETUP_TIMEOUT_MS);

  afterAll(async () => {
    process.env = savedEnv;
    await aws?.close();
    await bundle?.dispose();
  });

  it('answers GET /health with 200 { ok: true } from the admin and reads function', async () => {
    const result = await handlers.admin(v2Event('GET', '/health'));

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ ok: true });
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

  it('serves the whole API document from the admin function, built at bundle time from every family', async () => {
    const document = await handlers.admin(v2Event('GET', '/openapi.json'));
    const docs = await handlers.admin(v2Event('GET', '/docs'));

    expect(document.statusCode).toBe(200);
    const served = JSON.parse(document.body) as { paths: Record<string, Record<string, unknown>> };
    expect(served).toEqual(JSON.parse(JSON.stringify(generateOpenApiDocument(wholeApiDeclarations()))));
    for (const route of PAYMENTS_ROUTES) {
      expect(
        served.paths[route.path]?.[route.method.toLowerCase()],
        `${route.method} ${route.path}`,
      ).toBeDefined();
    }
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it("serves each route the HTTP API forwards from its family's function only (a CORS preflight finds it)", async () => {
    for (const route of PAYMENTS_ROUTES) {
      for (const [name, handler] of Object.entries(handlers) as Array<[HttpFunctionName, BundledHandler]>) {
        const result = await handler(
          v2Event('OPTIONS', samplePath(route.path), { headers: { origin: ORIGIN } }),
        );
        const where = `${route.method} ${route.path} on ${name}`;
        if (name === route.function) {
          expect(result.statusCode, where).toBe(204);
          expect(result.headers['access-control-allow-origin'], where).toBe(ORIGIN);
        } else {
          expect(result.statusCode, where).toBe(404);
        }
      }
    }
  });

  it("verifies admins' ID tokens against the user pool of COGNITO_USER_POOL_ID / COGNITO_CLIENT_ID, on the admin function only", async () => {
    const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    // Well formed, for this pool and client: the verifier goes for the pool's JWKS (unreachable here).
    const forPool = [
      b64({ alg: 'RS256', kid: 'key-1', typ: 'JWT' }),
      b64({
        iss: `${nowhere}/us-west-2_TestPool1`,
        aud: 'testclientid123',
        token_use: 'id',
        sub: 'sub-1',
        email: 'ops@ubcbiztech.com',
        exp: now + 600,
        iat: now,
      }),
      Buffer.from('not a signature').toString('base64url'),
    ].join('.');
    const get = (token?: string) =>
      handlers.admin(
        v2Event(
          'GET',
          '/admin/queue',
          token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } },
        ),
      );
    const errorOf = (result: ApiGatewayV2Result) =>
      (JSON.parse(result.body) as { error: { code: string; message: string } }).error;

    const missing = await get();
    const garbage = await get('not-a-jwt');
    const pooled = await get(forPool);

    expect([missing.statusCode, errorOf(missing).code]).toEqual([401, 'missing_token']);
    // A configured verifier refuses the token itself (without one: "this server verifies no tokens").
    expect([garbage.statusCode, errorOf(garbage)]).toEqual([
      401,
      { code: 'invalid_token', message: 'the token did not verify' },
    ]);
    expect([pooled.statusCode, errorOf(pooled).code]).toEqual([503, 'identity_unavailable']);
    expect((await handlers.webhooks(v2Event('GET', '/admin/queue'))).statusCode).toBe(404);
  });

  it('verifies webhooks with the secret read from Secrets Manager, without the Stripe SDK', async () => {
    const payload = JSON.stringify({
      id: 'evt_test_1',
      object: 'event',
      type: 'customer.created',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    const post = (secret: string, path: string) =>
      handlers.webhooks(
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
    // The preflights above started all three HTTP functions: two reads each, and none since (each
    // built its handler once and reuses it; the readers' clients are gone).
    expect(aws.calls).toHaveLength(2 * Object.keys(handlers).length);
  });

  it('loads at a cold start only the SDKs each function uses on most requests', () => {
    const atStart = (name: LambdaFunctionName, text: string) =>
      loadsAtStart(bundle.functions[name].coldStartFiles, text);
    // Stripe's SDK names its API host; the Cognito, SES, Secrets Manager and SSM clients their signing names.
    const STRIPE = 'api.stripe.com';
    expect(atStart('webhooks', STRIPE)).toBe(false);
    expect(atStart('admin', STRIPE)).toBe(false);
    expect(atStart('checkout', STRIPE)).toBe(true);
    expect(atStart('operations', STRIPE)).toBe(true);
    for (const name of Object.keys(bundle.functions) as LambdaFunctionName[]) {
      for (const sdk of [
        'AWSCognitoIdentityProviderService',
        'SimpleEmailService_v2',
        '"SecretsManagerClient"',
        '"AmazonSSM"',
      ]) {
        expect(atStart(name, sdk), `${sdk} in ${name}`).toBe(false);
      }
    }
    // The lazily loaded ones are in the bundle all the same, in chunks of their own.
    expect(bundle.functions.webhooks.totalBytes).toBeGreaterThan(bundle.functions.webhooks.coldStartBytes);
  });

  it('loads the real SES and Cognito adapters from their lazy chunks (not the stubs left in the index)', async () => {
    const seen: Array<{ path: string; target: string; body: string }> = [];
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        const target = String(request.headers['x-amz-target'] ?? '');
        seen.push({ path: String(request.url), target, body });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          target === 'AWSCognitoIdentityProviderService.SignUp'
            ? JSON.stringify({ UserConfirmed: false, UserSub: 'sub-lazy-1' })
            : JSON.stringify({ MessageId: 'message-lazy-1' }),
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const chunk = (name: 'webhooks' | 'checkout', prefix: string) => {
        const dir = join(bundle.functions[name].dir, 'chunks');
        const file = readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith('.mjs'));
        if (file === undefined) throw new Error(`no ${prefix} chunk in the ${name} bundle`);
        return pathToFileURL(join(dir, file)).href;
      };
      const timeouts = { connectionTimeoutMs: 1_000, requestTimeoutMs: 2_000, maxAttempts: 1 };
      const settings = { awsRegion: 'us-west-2' } as never;
      const ses = (await import(chunk('webhooks', 'lazy-ses-sender-'))) as {
        sesEmailSenderOf: (...args: unknown[]) => {
          sender: { send(m: unknown): Promise<unknown> };
          close(): void;
        };
      };
      const email = ses.sesEmailSenderOf(
        settings,
        { from: 'payments@ubcbiztech.com', endpoint },
        timeouts,
        true,
      );
      expect(
        await email.sender.send({ to: 'ada@ubc.ca', subject: 'Paid', text: 'Thanks', html: '<p>Thanks</p>' }),
      ).toEqual({
        messageId: 'message-lazy-1',
      });
      email.close();
      const cognito = (await import(chunk('checkout', 'lazy-cognito-identity-'))) as {
        cognitoIdentityOf: (...args: unknown[]) => {
          identity: { signUp(i: unknown): Promise<unknown> };
          close(): void;
        };
      };
      const identity = cognito.cognitoIdentityOf(
        settings,
        { userPoolId: 'us-west-2_TestPool1', clientId: 'testclientid123', endpoint },
        timeouts,
      );
      expect(
        await identity.identity.signUp({
          email: 'ada@ubc.ca',
          password: 'Secret-pass-1',
          fname: 'Ada',
          lname: 'L',
        }),
      ).toEqual({ created: true });
      identity.close();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(seen.map((s) => s.path)).toContain('/v2/email/outbound-emails');
    expect(JSON.parse(seen.find((s) => s.path === '/v2/email/outbound-emails')?.body ?? '{}')).toMatchObject({
      FromEmailAddress: 'payments@ubcbiztech.com',
      Destination: { ToAddresses: ['ada@ubc.ca'] },
    });
    expect(seen.map((s) => s.target)).toContain('AWSCognitoIdentityProviderService.SignUp');
  });

  it('bundles the operations function: a stream batch without outbox items drains nothing', async () => {
    const operations = (await import(pathToFileURL(bundle.functions.operations.file).href)) as {
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
