import { describe, expect, it } from 'vitest';
import {
  type AlbEvent,
  type AlbResult,
  type ApiGatewayV1Event,
  type ApiGatewayV2Event,
  createLambdaHandler,
  toRequest,
  toV1Result,
  toV2Result,
} from '../src/lambda/index.ts';

/** A handler that echoes what it was given, and sets a cookie. */
const echo = async (request: Request) => {
  const headers = new Headers({ 'content-type': 'application/json; charset=utf-8' });
  headers.append('set-cookie', 'a=1');
  headers.append('set-cookie', 'b=2');
  const body = JSON.stringify({
    method: request.method,
    url: request.url,
    requestId: request.headers.get('x-request-id'),
    body: await request.text(),
  });
  return new Response(body, { status: 200, headers });
};

const albEvent = (multi: boolean): AlbEvent => ({
  httpMethod: 'POST',
  path: '/payments/webhook',
  queryStringParameters: { a: '1' },
  ...(multi
    ? { multiValueHeaders: { host: ['alb.example'], 'content-type': ['application/json'] } }
    : { headers: { host: 'alb.example', 'content-type': 'application/json' } }),
  body: Buffer.from('{"x":1}').toString('base64'),
  isBase64Encoded: true,
  requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-west-2:1:targetgroup/p/1' } },
});

describe('createLambdaHandler behind an Application Load Balancer (hono/aws-lambda)', () => {
  it('decodes the body and answers in the shape the target group uses', async () => {
    // Prepare
    const lambda = createLambdaHandler(echo);
    // Act
    const single = (await lambda(albEvent(false), { awsRequestId: 'alb-req-1' })) as AlbResult;
    const multi = (await lambda(albEvent(true))) as AlbResult;
    // Assess
    expect(single.statusCode).toBe(200);
    expect(JSON.parse(single.body)).toMatchObject({
      method: 'POST',
      url: 'https://alb.example/payments/webhook?a=1',
      requestId: 'alb-req-1',
      body: '{"x":1}',
    });
    expect(single.headers?.['content-type']).toContain('application/json');
    expect(multi.multiValueHeaders?.['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(multi).not.toHaveProperty('headers');
  });
});

describe('toRequest / toV1Result / toV2Result', () => {
  it('builds the request hono/aws-lambda makes, with the Lambda request id', async () => {
    // Prepare
    const v1: ApiGatewayV1Event = {
      httpMethod: 'POST',
      path: '/registrations',
      headers: { Host: 'api.example', 'Content-Type': 'application/json' },
      multiValueQueryStringParameters: { a: ['1', '2'] },
      body: '{"email":"a@b.co"}',
      requestContext: { requestId: 'v1-req' },
    };
    const v2: ApiGatewayV2Event = {
      version: '2.0',
      rawPath: '/health',
      rawQueryString: 'x=1',
      headers: { host: 'api.example', 'x-request-id': 'callers-own' },
      requestContext: { http: { method: 'GET' } },
    };
    // Act
    const first = toRequest(v1);
    const second = toRequest(v2, { awsRequestId: 'ignored' });
    // Assess
    expect([first.method, first.url, first.headers.get('x-request-id')]).toEqual([
      'POST',
      'https://api.example/registrations?a=1&a=2',
      'v1-req',
    ]);
    expect(await first.text()).toBe('{"email":"a@b.co"}');
    expect([second.url, second.headers.get('x-request-id')]).toEqual([
      'https://api.example/health?x=1',
      'callers-own',
    ]);
    expect(() => toRequest(null as unknown as ApiGatewayV1Event)).toThrow(TypeError);
  });

  it('gives v1 results both header shapes and v2 results their cookies', async () => {
    // Act
    const v1 = await toV1Result(await echo(new Request('https://x/')));
    const v2 = await toV2Result(await echo(new Request('https://x/')));
    // Assess
    expect(v1.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(v1.multiValueHeaders['content-type']).toEqual(['application/json; charset=utf-8']);
    expect(v1.multiValueHeaders['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(v1.headers).not.toHaveProperty('set-cookie');
    expect(v2.cookies).toEqual(['a=1', 'b=2']);
    expect(v2.isBase64Encoded).toBe(false);
  });
});
