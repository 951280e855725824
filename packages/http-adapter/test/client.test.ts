import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentsClient, createRegistrationStrategy, PaymentsApiError } from '../src/client/index.ts';
import { paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { idTokenFor } from './support/id-tokens.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('createPaymentsClient', () => {
  it('registers, pays, resumes and reads back through the typed client', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('client')}@ubc.ca`;
    const api = createPaymentsClient({ baseUrl: `${stack.url}/`, idToken: () => idTokenFor(email) });
    // Act
    const registered = await api.register({
      ...registrationBody(email, event),
      email,
      eventID: event.id,
      year: 2026,
    });
    const checkout = await api.pay({ paymentType: 'Event', email, eventID: event.id, year: 2026 });
    const resumed = await api.resume({ email, eventID: event.id, year: 2026 });
    const view = await api.getRegistration(email, event.id, 2026);
    await stack.pay(checkout.sessionId as string);
    const session = await api.getSession(checkout.sessionId as string);
    // Assess
    expect(registered).toEqual({ registrationStatus: 'incomplete' });
    expect(resumed.url).toBe(checkout.url);
    expect(view).toEqual({ registrationStatus: 'incomplete', checkoutUrl: checkout.url });
    expect(view && createRegistrationStrategy(view).needsPayment()).toBe(true);
    expect(session).toMatchObject({ status: 'complete', paymentStatus: 'paid', fulfilled: true });
    const paid = await api.getRegistration(email, event.id, 2026);
    expect(paid && createRegistrationStrategy(paid).needsPayment()).toBe(false);
  });

  it('answers undefined for 404s and throws PaymentsApiError with code and reason otherwise', async () => {
    // Prepare
    const event = paidEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    const email = `${uid('review')}@ubc.ca`;
    const nobody = `${uid('nobody')}@ubc.ca`;
    const api = createPaymentsClient({ baseUrl: stack.url, idToken: () => idTokenFor(nobody) });
    // An application today's system rejected.
    await stack.put(stack.tables.registrations, {
      id: email,
      'eventID;year': `${event.id};2026`,
      registrationStatus: 'rejected',
      applicationStatus: 'rejected',
    });
    // Act
    const missing = await api.getMembership(nobody);
    const error = await createPaymentsClient({ baseUrl: stack.url })
      .pay({ paymentType: 'Event', email, eventID: event.id, year: 2026 })
      .catch((e: unknown) => e);
    // Assess
    expect(missing).toBeUndefined();
    expect(error).toBeInstanceOf(PaymentsApiError);
    expect(error).toMatchObject({ status: 409, code: 'not_payable', reason: 'application_rejected' });
  });

  it('sends the signed-in person’s token, and an application under review is not charged', async () => {
    // Prepare
    const event = paidEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    const email = `${uid('applicant')}@ubc.ca`;
    const api = createPaymentsClient({ baseUrl: stack.url, idToken: async () => idTokenFor(email) });
    const stranger = createPaymentsClient({ baseUrl: stack.url, idToken: () => idTokenFor('x@ubc.ca') });
    await api.register({
      ...registrationBody(email, event, { applicationStatus: 'reviewing' }),
      email,
      eventID: event.id,
      year: 2026,
    });
    // Act
    const received = await api.pay({ paymentType: 'Event', email, eventID: event.id, year: 2026 });
    const refused = await stranger.getRegistration(email, event.id, 2026).catch((e: unknown) => e);
    // Assess
    expect(received).toEqual({
      url: expect.stringContaining('isApplicationBased=true'),
      applicationReceived: true,
    });
    expect(refused).toMatchObject({ status: 403, code: 'not_owner' });
  });

  it('understands a server that answers the bare URL string', async () => {
    // Prepare
    const api = createPaymentsClient({
      baseUrl: 'https://api.example',
      fetch: async () => new Response(JSON.stringify('https://checkout.example/cs_1'), { status: 200 }),
    });
    // Act
    const checkout = await api.pay({ paymentType: 'Event', email: 'a@b.co', eventID: 'x', year: 2026 });
    // Assess
    expect(checkout).toEqual({ url: 'https://checkout.example/cs_1' });
  });
});

describe('createRegistrationStrategy', () => {
  it.each([
    [{ registrationStatus: 'incomplete', applicationStatus: '' }, 'needsPayment'],
    [{ registrationStatus: 'accepted', applicationStatus: 'accepted' }, 'needsPayment'],
    [{ registrationStatus: 'acceptedPending', applicationStatus: 'accepted' }, 'needsConfirmation'],
    [{ registrationStatus: 'waitlist' }, 'isWaitlisted'],
    [{ registrationStatus: 'checkedIn' }, 'isCheckedIn'],
    [{ registrationStatus: 'acceptedComplete', applicationStatus: 'accepted' }, 'isConfirmed'],
    [{ registrationStatus: 'incomplete', applicationStatus: 'reviewing' }, 'none'],
    [{ registrationStatus: 'registered' }, 'none'],
  ] as const)('%o answers only %s', (view, question) => {
    // Act
    const strategy = createRegistrationStrategy(view);
    const answers = {
      needsPayment: strategy.needsPayment(),
      needsConfirmation: strategy.needsConfirmation(),
      isWaitlisted: strategy.isWaitlisted(),
      isCheckedIn: strategy.isCheckedIn(),
      isConfirmed: strategy.isConfirmed(),
    };
    // Assess
    const trueOnes = Object.entries(answers)
      .filter(([, v]) => v)
      .map(([k]) => k);
    expect(trueOnes).toEqual(question === 'none' ? [] : [question]);
  });
});
