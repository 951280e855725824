import { assertPortFree, freePort } from '@biztech/dev-services';
import type { PaymentsLogger } from '@biztech/payments-http';
import { createStripeLocal, type StripeLocal } from '@biztech/stripe-local';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type LocalStack, startLocalStack } from '../src/local-stack.ts';

const silentLogger: PaymentsLogger = { info: () => {}, warn: () => {}, error: () => {} };

let outside: StripeLocal;
let outsideUrl: string;
let stack: LocalStack;
let ownStripePort: number;

beforeAll(async () => {
  // A separate Stripe-compatible server, as stripe-mock or a colleague's server would be.
  outside = createStripeLocal();
  outsideUrl = (await outside.listen(0, '127.0.0.1')).url;
  ownStripePort = await freePort();
  stack = await startLocalStack({
    port: 0,
    stripePort: ownStripePort,
    dynamoPort: 0,
    cognitoPort: 0,
    env: { TABLE_SUFFIX: 'ApiBase', STRIPE_API_BASE: outsideUrl },
    logger: silentLogger,
  });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await outside?.close();
});

test('with STRIPE_API_BASE the stack starts no Stripe server and sends the session create there', async () => {
  // Act: a paid registration and its checkout, as the demo page would do them.
  const email = `api-base.${Date.now()}@ubc.ca`;
  const post = (path: string, body: unknown) =>
    fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', prefer: 'return=representation' },
      body: JSON.stringify(body),
    });
  const registered = await post('/registrations', {
    email,
    fname: 'Ada',
    eventID: 'blueprint',
    year: 2026,
    registrationStatus: 'registered',
  });
  const paid = await post('/payments', {
    paymentType: 'Event',
    email,
    fname: 'Ada',
    eventID: 'blueprint',
    year: 2026,
  });
  const body = (await paid.json()) as { sessionId?: string; url?: string } | string;

  // Assess: the session lives on the outside server, and our own port was never opened.
  expect(registered.status).toBe(201);
  expect(paid.status).toBe(200);
  const sessionId = typeof body === 'string' ? undefined : body.sessionId;
  expect(sessionId).toMatch(/^cs_/);
  expect(outside.getSession(sessionId ?? '')?.id).toBe(sessionId);
  expect(stack.stripeLocal).toBeUndefined();
  expect(stack.stripeUrl).toBe(outsideUrl);
  await assertPortFree(ownStripePort, 'the local Stripe port with STRIPE_API_BASE set');
});
