import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, membershipBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  // No webhook endpoints at first: the success page alone must be able to fulfil.
  stack = await startStack();
});
afterAll(() => stack.close());

async function openCheckout() {
  const event = paidEvent();
  await stack.seedEvent(event);
  const email = `${uid('session')}@ubc.ca`;
  await stack.call('POST', '/registrations', registrationBody(email, event));
  const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
  return { event, email, sessionId: pay.body.sessionId as string };
}

describe('GET /payments/sessions/{sessionId}', () => {
  it('reports an open, unpaid session as not fulfilled', async () => {
    // Prepare
    const { sessionId } = await openCheckout();
    // Act
    const res = await stack.call('GET', `/payments/sessions/${sessionId}`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sessionId, status: 'open', paymentStatus: 'unpaid', fulfilled: false });
  });

  it('fulfils a paid session before any webhook arrives', async () => {
    // Prepare
    const { sessionId, email, event } = await openCheckout();
    const endpoints = stack.local.webhookEndpoints();
    stack.local.setWebhookEndpoints([]);
    stack.local.pay(sessionId);
    stack.local.setWebhookEndpoints(endpoints);
    // Act
    const res = await stack.call('GET', `/payments/sessions/${sessionId}`);
    // Assess
    expect(res.body).toEqual({ sessionId, status: 'complete', paymentStatus: 'paid', fulfilled: true });
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('registered');
  });

  it('races the webhook safely: the success page and the webhook together fulfil exactly once', async () => {
    // Prepare
    const { sessionId } = await openCheckout();
    // Act
    stack.local.pay(sessionId);
    const polls = await Promise.all(
      Array.from({ length: 4 }, () => stack.call('GET', `/payments/sessions/${sessionId}`)),
    );
    await stack.local.whenIdle();
    const after = await stack.call('GET', `/payments/sessions/${sessionId}`);
    // Assess
    expect(polls.every((p) => p.status === 200)).toBe(true);
    expect(after.body.fulfilled).toBe(true);
    const fulfilments = stack.logs.entries.filter(
      (e) => e.msg === 'registration.fulfilled' && e.sessionId === sessionId,
    );
    expect(fulfilments).toHaveLength(1);
    const completed = stack.local
      .events('checkout.session.completed')
      .find((e) => (e.data.object as { id: string }).id === sessionId);
    const webhook = stack.local.deliveries().find((d) => d.eventId === completed?.id);
    expect(webhook?.status).toBe(200);
    expect(webhook?.responseBody).toMatch(/"outcome":"(applied|duplicate)"/);
  });

  it('fulfils a membership session too', async () => {
    // Prepare
    const email = `${uid('msession')}@ubc.ca`;
    const pay = await stack.call('POST', '/payments', membershipBody(email, 'OAuthMember'));
    const endpoints = stack.local.webhookEndpoints();
    stack.local.setWebhookEndpoints([]);
    stack.local.pay(pay.body.sessionId);
    stack.local.setWebhookEndpoints(endpoints);
    // Act
    const res = await stack.call('GET', `/payments/sessions/${pay.body.sessionId}`);
    // Assess
    expect(res.body.fulfilled).toBe(true);
    expect((await stack.call('GET', `/memberships/${email}`)).body.isMember).toBe(true);
  });

  it('answers 404 not_found for an unknown or malformed session id', async () => {
    // Act
    const unknown = await stack.call('GET', '/payments/sessions/cs_test_doesnotexist');
    const malformed = await stack.call('GET', '/payments/sessions/..%2F..%2Fetc');
    // Assess
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    expect(malformed.status).toBe(404);
  });

  it('answers 404 for a session that exists at Stripe but was not created by this API', async () => {
    // Prepare: another system on the same account opens a session with no metadata of ours
    const foreign = await stack.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        { price_data: { currency: 'cad', unit_amount: 500, product_data: { name: 'Other' } }, quantity: 1 },
      ],
      success_url: 'https://other.example/done',
      cancel_url: 'https://other.example/back',
    });
    // Act
    const res = await stack.call('GET', `/payments/sessions/${foreign.id}`);
    // Assess
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

describe('GET /registrations/{email}/{eventID}/{year} and GET /health', () => {
  it('answers legacy items written by today system, with no checkout URL for their old link', async () => {
    // Prepare
    const event = paidEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    const email = `${uid('legacy')}@ubc.ca`;
    await stack.put(stack.tables.registrations, {
      id: email,
      'eventID;year': `${event.id};2026`,
      registrationStatus: 'accepted',
      applicationStatus: 'accepted',
      checkoutLink: 'https://checkout.stripe.com/c/pay/old',
    });
    // Act
    const res = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    // Assess
    expect(res.body).toEqual({ registrationStatus: 'accepted', applicationStatus: 'accepted' });
  });

  it('answers 404 when there is no registration and 400 for a malformed path', async () => {
    // Act
    const missing = await stack.call('GET', '/registrations/nobody@ubc.ca/blueprint/2026');
    const malformed = await stack.call('GET', '/registrations/nobody@ubc.ca/blueprint/next-year');
    // Assess
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('registration_not_found');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('invalid_params');
  });

  it('answers health, unknown routes, CORS preflights and writes one log line per request', async () => {
    // Act
    const health = await stack.call('GET', '/health');
    const unknown = await stack.call('GET', '/nope');
    const preflight = await stack.call('OPTIONS', '/payments', undefined, {
      origin: 'http://localhost:3000',
      'access-control-request-method': 'POST',
    });
    const foreign = await stack.call('OPTIONS', '/payments', undefined, { origin: 'https://evil.example' });
    const cors = await stack.call('GET', '/health', undefined, { origin: 'http://localhost:3000' });
    // Assess
    expect(health.body).toEqual({ ok: true });
    expect(unknown.status).toBe(404);
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(cors.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const line = stack.logs.requestLines().find((l) => l.requestId === health.headers.get('x-request-id'));
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/health', status: 200 });
    expect(Object.keys(line ?? {}).sort()).toEqual([
      'latencyMs',
      'level',
      'method',
      'requestId',
      'route',
      'status',
    ]);
  });
});
