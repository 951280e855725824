import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiGatewayV1Event,
  type ApiGatewayV1Result,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
  createLambdaHandler,
  type PaymentsLambdaHandler,
} from '../src/lambda/index.ts';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { signatureFor } from './support/signed-event.ts';
import { type Stack, startStack, WEBHOOK_SECRET } from './support/stack.ts';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;

let stack: Stack;
let lambda: PaymentsLambdaHandler;
beforeAll(async () => {
  stack = await startStack();
  lambda = createLambdaHandler(stack.handler);
  await stack.seedEvent(paidEvent({ id: 'lambda-fixture' }));
});
afterAll(() => stack.close());

/** A webhook delivery for a paid session whose event no endpoint received. */
async function undeliveredCompletion() {
  const event = paidEvent();
  await stack.seedEvent(event);
  const email = `${uid('lambda')}@ubc.ca`;
  await stack.call('POST', '/registrations', registrationBody(email, event));
  const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
  const endpoints = stack.local.webhookEndpoints();
  stack.local.setWebhookEndpoints([]);
  stack.local.pay(pay.body.sessionId);
  stack.local.setWebhookEndpoints(endpoints);
  const completed = stack.local
    .events('checkout.session.completed')
    .find((e) => (e.data.object as { id: string }).id === pay.body.sessionId);
  const payload = JSON.stringify(completed);
  return {
    payload,
    signature: signatureFor(stack.stripe, payload, WEBHOOK_SECRET, Math.floor(stack.clock.now() / 1000)),
  };
}

describe('createLambdaHandler', () => {
  it('answers an API Gateway REST (v1) event with a v1 result', async () => {
    // Prepare
    const event = fixture<ApiGatewayV1Event>('api-gateway-v1.json');
    // Act
    const result = (await lambda(event)) as ApiGatewayV1Result;
    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ registrationStatus: 'incomplete' });
    expect(result.isBase64Encoded).toBe(false);
    expect(result.multiValueHeaders['content-type']).toEqual(['application/json; charset=utf-8']);
    expect(result.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(result.headers['x-request-id']).toBe('c6af9ac6-7b61-11e6-9a41-93e8deadbeef');
  });

  it('answers an HTTP API (v2) event with a base64 body with a v2 result', async () => {
    // Prepare
    const event = fixture<ApiGatewayV2Event>('http-api-v2.json');
    // Act
    const result = (await lambda(event)) as ApiGatewayV2Result;
    // Assess
    expect(result.statusCode).toBe(201);
    expect(JSON.parse(result.body)).toEqual({ registrationStatus: 'incomplete' });
    expect(result).not.toHaveProperty('multiValueHeaders');
    expect(result.headers['content-type']).toContain('application/json');
  });

  it('answers a Function URL event with a v2 result', async () => {
    // Prepare
    const event = fixture<ApiGatewayV2Event>('function-url.json');
    // Act
    const result = (await lambda(event)) as ApiGatewayV2Result;
    // Assess
    expect(result.statusCode).toBe(201);
    expect(result.headers['x-request-id']).toBe('id-function-url-1');
  });

  it('verifies a webhook whose body API Gateway base64-encoded and whose headers it lower-cased (v2)', async () => {
    // Prepare
    const { payload, signature } = await undeliveredCompletion();
    const event = fixture<ApiGatewayV2Event>('http-api-v2.json');
    event.rawPath = '/payments/webhook';
    event.requestContext.http.path = '/payments/webhook';
    event.headers = {
      'content-type': 'application/json',
      'stripe-signature': signature,
      host: 'api.example',
    };
    event.body = Buffer.from(payload, 'utf8').toString('base64');
    event.isBase64Encoded = true;
    // Act
    const result = (await lambda(event)) as ApiGatewayV2Result;
    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ received: true, outcome: 'applied' });
  });

  it('verifies a webhook with multi-value, mixed-case headers (v1) and refuses a bad signature', async () => {
    // Prepare
    const { payload, signature } = await undeliveredCompletion();
    const event = fixture<ApiGatewayV1Event>('api-gateway-v1.json');
    event.path = '/payments/webhook';
    event.multiValueHeaders = { 'Content-Type': ['application/json'], 'Stripe-Signature': [signature] };
    event.headers = { 'Content-Type': 'application/json', 'Stripe-Signature': signature };
    event.body = payload;
    const forged = { ...event, multiValueHeaders: { 'Stripe-Signature': ['t=1,v1=00'] }, headers: {} };
    // Act
    const bad = (await lambda(forged)) as ApiGatewayV1Result;
    const good = (await lambda(event)) as ApiGatewayV1Result;
    // Assess
    expect(bad.statusCode).toBe(400);
    expect(good.statusCode).toBe(200);
    expect(JSON.parse(good.body).outcome).toBe('applied');
  });

  it('answers GET routes with query strings, and an unreadable event with a 500 instead of throwing', async () => {
    // Prepare
    const event = fixture<ApiGatewayV1Event>('api-gateway-v1.json');
    const get = {
      ...event,
      httpMethod: 'GET',
      path: '/health',
      body: null,
      multiValueQueryStringParameters: { a: ['1', '2'] },
    };
    // Act
    const health = (await lambda(get)) as ApiGatewayV1Result;
    const pathless = (await lambda({
      httpMethod: 'GET',
    } as unknown as ApiGatewayV1Event)) as ApiGatewayV1Result;
    const broken = (await lambda(null as unknown as ApiGatewayV1Event)) as ApiGatewayV1Result;
    // Assess
    expect(JSON.parse(health.body)).toEqual({ ok: true });
    expect(pathless.statusCode).toBe(404);
    expect(broken.statusCode).toBe(500);
    expect(JSON.parse(broken.body).error.code).toBe('internal');
  });
});
