import { applyRegistrationEvent } from '@biztech/payments-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, paidEvent, registrationBody, sessionIdOf, uid } from './support/fixtures.ts';
import { CLIENT_URL, type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

/** Seeds a paid event and registers a fresh email with the regForPaid body. */
async function registered(
  overrides: Parameters<typeof paidEvent>[0] = {},
  regOverrides: Record<string, unknown> = {},
) {
  const event = paidEvent(overrides);
  await stack.seedEvent(event);
  const email = `${uid('pay')}@ubc.ca`;
  const res = await stack.call('POST', '/registrations', registrationBody(email, event, regOverrides));
  expect(res.status).toBe(201);
  return { event, email };
}

describe('POST /payments (Event)', () => {
  it('opens a checkout for the regForPaid body and fulfils it when Stripe pays', async () => {
    // Prepare
    const { event, email } = await registered();
    // Act
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    const session = stack.local.getSession(res.body.sessionId);
    await stack.pay(res.body.sessionId);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.url).toBe(session?.url);
    expect(res.body.expiresAt).toBe(session?.expires_at);
    expect(session).toMatchObject({
      mode: 'payment',
      amount_subtotal: 1999,
      currency: 'cad',
      allow_promotion_codes: true,
      customer_email: email,
      client_reference_id: `registration:${email}:${event.id}:2026`,
      metadata: { paymentType: 'Event', email, eventID: event.id, year: '2026', attempt: '1' },
      success_url: `${CLIENT_URL}event/${event.id}/2026/register/success?session_id={CHECKOUT_SESSION_ID}`,
      cancel_url: `${CLIENT_URL}event/${event.id}/2026/register`,
    });
    const view = await stack.call('GET', `/registrations/${encodeURIComponent(email)}/${event.id}/2026`);
    expect(view.body).toEqual({ registrationStatus: 'registered' });
    const webhook = stack.local
      .deliveries()
      .find((d) => d.eventType === 'checkout.session.completed' && d.ok);
    expect(webhook?.responseBody).toContain('"outcome":"applied"');
  });

  it('uses the member price for members (10.00) and never sends a float amount', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('member')}@ubc.ca`;
    await stack.seedUser({ id: email, isMember: true });
    await stack.call('POST', '/registrations', registrationBody(email, event));
    // Act
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    expect(stack.local.getSession(res.body.sessionId)?.amount_subtotal).toBe(1000);
  });

  it('returns the live checkout again instead of opening a second one', async () => {
    // Prepare
    const { event, email } = await registered();
    const first = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Act
    const second = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    expect(second.body.sessionId).toBe(first.body.sessionId);
    expect(stack.local.sessions().filter((s) => s.customer_email === email)).toHaveLength(1);
  });

  it('pays an accepted application with the confirmAndPay body → acceptedComplete', async () => {
    // Prepare
    const { event, email } = await registered(
      { isApplicationBased: true },
      { applicationStatus: 'reviewing' },
    );
    await applyRegistrationEvent(
      stack.deps,
      { email, eventID: event.id, year: 2026 },
      { type: 'DECIDE', decision: 'accepted' },
    );
    // Act
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event, 'register/'));
    await stack.pay(res.body.sessionId);
    // Assess
    expect(res.status).toBe(200);
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    expect(view.body).toEqual({ registrationStatus: 'acceptedComplete', applicationStatus: 'accepted' });
  });

  it('does not charge an application under review: the success URL with isApplicationBased=true, nothing opened or written', async () => {
    // Prepare
    const { event, email } = await registered(
      { isApplicationBased: true },
      { applicationStatus: 'reviewing' },
    );
    const before = await stack.scanEverything();
    const sessionsBefore = stack.local.sessions().length;
    // Act
    const bare = await stack.call('POST', '/payments', eventPaymentBody(email, event), { prefer: '' });
    const object = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    const url = `${eventPaymentBody(email, event).success_url}?isApplicationBased=true`;
    expect([bare.status, bare.body]).toEqual([200, url]);
    expect([object.status, object.body]).toEqual([200, { url, applicationReceived: true }]);
    expect(stack.local.sessions()).toHaveLength(sessionsBefore);
    expect(await stack.scanEverything()).toEqual(before);
  });

  it('answers 409 already_paid once the registration is paid', async () => {
    // Prepare
    const { event, email } = await registered();
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    await stack.pay(res.body.sessionId);
    // Act
    const again = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_paid');
  });

  it('answers 404 registration_not_found without a registration, 404 event_not_found for an unknown event', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    // Act
    const noRegistration = await stack.call('POST', '/payments', eventPaymentBody('ghost@ubc.ca', event));
    const noEvent = await stack.call(
      'POST',
      '/payments',
      eventPaymentBody('ghost@ubc.ca', { id: 'missing', year: 2026 }),
    );
    // Assess
    expect(noRegistration.status).toBe(404);
    expect(noRegistration.body.error.code).toBe('registration_not_found');
    expect(noEvent.status).toBe(404);
    expect(noEvent.body.error.code).toBe('event_not_found');
  });

  it('answers 409 free_event for a free application that was accepted... as a paid one with no price', async () => {
    // Prepare: a legacy incomplete registration on an event that is free today.
    const event = paidEvent({ pricing: { members: 0, nonMembers: 0 } });
    await stack.seedEvent(event);
    const email = `${uid('legacyfree')}@ubc.ca`;
    await stack.put(stack.tables.registrations, {
      id: email,
      'eventID;year': `${event.id};2026`,
      registrationStatus: 'incomplete',
      applicationStatus: '',
    });
    // Act
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('free_event');
  });

  it('waitlists instead of opening a checkout when the last seat is held by someone else (409 event_full)', async () => {
    // Prepare
    const event = paidEvent({ capac: 1 });
    await stack.seedEvent(event);
    const first = `${uid('first')}@ubc.ca`;
    const second = `${uid('second')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(first, event));
    await stack.call('POST', '/registrations', registrationBody(second, event));
    const holder = await stack.call('POST', '/payments', eventPaymentBody(first, event));
    // Act
    const res = await stack.call('POST', '/payments', eventPaymentBody(second, event));
    // Assess
    expect(holder.status).toBe(200);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('event_full');
    expect(stack.local.sessions().filter((s) => s.customer_email === second)).toEqual([]);
    const view = await stack.call('GET', `/registrations/${second}/${event.id}/2026`);
    expect(view.body.registrationStatus).toBe('waitlist');
  });

  it('refuses success_url and cancel_url outside the allowed origins (400 redirect_not_allowed)', async () => {
    // Prepare
    const { event, email } = await registered();
    // Act
    const success = await stack.call('POST', '/payments', {
      ...eventPaymentBody(email, event),
      success_url: 'https://evil.example/phish',
    });
    const cancel = await stack.call('POST', '/payments', {
      ...eventPaymentBody(email, event),
      cancel_url: 'https://evil.example/phish',
    });
    // Assess
    expect(success.status).toBe(400);
    expect(success.body.error.code).toBe('redirect_not_allowed');
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.code).toBe('redirect_not_allowed');
  });

  it('accepts and ignores the extra fields today frontend sends (paymentName, paymentImages)', async () => {
    // Prepare
    const { event, email } = await registered();
    // Act
    const res = await stack.call('POST', '/payments', {
      ...eventPaymentBody(email, event),
      paymentName: 'Blueprint',
      paymentImages: ['https://example.com/x.png'],
    });
    // Assess
    expect(res.status).toBe(200);
    expect(sessionIdOf(res.body.url)).toBe(res.body.sessionId);
  });

  it('answers a checkout with GET /registrations/... while the session lives', async () => {
    // Prepare
    const { event, email } = await registered();
    const res = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Act
    const view = await stack.call('GET', `/registrations/${email}/${event.id}/2026`);
    // Assess
    expect(view.body).toEqual({ registrationStatus: 'incomplete', checkoutUrl: res.body.url });
  });
});

describe('POST /payments with paymentResponse: bare-string', () => {
  let bare: Stack;
  beforeAll(async () => {
    bare = await startStack({ config: { paymentResponse: 'bare-string' } });
  });
  afterAll(() => bare.close());

  it('answers the URL as a JSON string, as today frontend reads it', async () => {
    // Prepare
    const event = paidEvent();
    await bare.seedEvent(event);
    const email = `${uid('bare')}@ubc.ca`;
    await bare.call('POST', '/registrations', registrationBody(email, event));
    // Act
    const res = await bare.call('POST', '/payments', eventPaymentBody(email, event));
    // Assess
    expect(res.status).toBe(200);
    expect(typeof res.body).toBe('string');
    expect(res.body).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\/cs_/);
  });
});
