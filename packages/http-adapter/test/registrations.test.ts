import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paidEvent, registrationBody, sessionIdOf, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('POST /registrations', () => {
  it('registers for a free event with the regForFree body: 201 registered, form stored as sent', async () => {
    // Prepare
    const event = paidEvent({ pricing: { members: 0, nonMembers: 0 } });
    await stack.seedEvent(event);
    const email = `${uid('free')}@Example.com`;
    // Act
    const res = await stack.call(
      'POST',
      '/registrations',
      registrationBody(email, event, { registrationStatus: 'registered' }),
    );
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ registrationStatus: 'registered' });
    const item = (await stack.scan(stack.tables.registrations)).find((i) => i.id === email.toLowerCase());
    expect(item).toMatchObject({
      'eventID;year': `${event.id};2026`,
      registrationStatus: 'registered',
      fname: 'Ada',
      studentId: 12345678,
      isPartner: false,
      points: 0,
      basicInformation: { major: 'Computer Science', heardFrom: 'Instagram' },
      dynamicResponses: { q1: 'Because engines', q2: ['a', 'b'] },
    });
  });

  it('registers for a paid event with the regForPaid body: 201 incomplete, the client status is not trusted', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    // Act
    const res = await stack.call(
      'POST',
      '/registrations',
      registrationBody(`${uid('paid')}@ubc.ca`, event, { registrationStatus: 'registered' }),
    );
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ registrationStatus: 'incomplete' });
  });

  it('puts an application under review with the regForPaidApp body', async () => {
    // Prepare
    const event = paidEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    // Act
    const res = await stack.call(
      'POST',
      '/registrations',
      registrationBody(`${uid('app')}@ubc.ca`, event, { applicationStatus: 'reviewing' }),
    );
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ registrationStatus: 'incomplete', applicationStatus: 'reviewing' });
  });

  it('waitlists a free registration when the event is full', async () => {
    // Prepare
    const event = paidEvent({ pricing: { members: 0, nonMembers: 0 }, capac: 1 });
    await stack.seedEvent(event);
    await stack.call('POST', '/registrations', registrationBody(`${uid('first')}@ubc.ca`, event));
    // Act
    const res = await stack.call(
      'POST',
      '/registrations',
      registrationBody(`${uid('second')}@ubc.ca`, event),
    );
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ registrationStatus: 'waitlist' });
  });

  it('answers 404 event_not_found for an unknown event', async () => {
    // Act
    const res = await stack.call(
      'POST',
      '/registrations',
      registrationBody('nobody@ubc.ca', { id: 'nope', year: 2026 }),
    );
    // Assess
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('event_not_found');
  });

  it('answers 409 already_registered for a registration that is not incomplete', async () => {
    // Prepare
    const event = paidEvent({ pricing: { members: 0, nonMembers: 0 } });
    await stack.seedEvent(event);
    const body = registrationBody(`${uid('twice')}@ubc.ca`, event);
    await stack.call('POST', '/registrations', body);
    // Act
    const res = await stack.call('POST', '/registrations', body);
    // Assess
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_registered');
  });

  it('hands an incomplete registration a live checkout URL, the same one while it lives', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const body = registrationBody(`${uid('resume')}@ubc.ca`, event);
    await stack.call('POST', '/registrations', body);
    // Act
    const first = await stack.call('POST', '/registrations', body);
    const second = await stack.call('POST', '/registrations', body);
    // Assess
    expect(first.status).toBe(200);
    expect(first.body.url).toMatch(/\/checkout\/cs_/);
    expect(second.body.url).toBe(first.body.url);
    expect(stack.local.getSession(sessionIdOf(first.body.url))?.status).toBe('open');
  });

  it('hands out a NEW live URL once the old session expired (defect 7)', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const body = registrationBody(`${uid('expired')}@ubc.ca`, event);
    await stack.call('POST', '/registrations', body);
    const first = await stack.call('POST', '/registrations', body);
    stack.clock.advance(32 * 60 * 1000);
    stack.local.expireDue();
    await stack.local.whenIdle();
    // Act
    const again = await stack.call('POST', '/registrations', body);
    // Assess
    expect(again.status).toBe(200);
    expect(again.body.url).not.toBe(first.body.url);
    expect(stack.local.getSession(sessionIdOf(first.body.url))?.status).toBe('expired');
    expect(stack.local.getSession(sessionIdOf(again.body.url))?.status).toBe('open');
  });

  it('answers 400 invalid_body with the zod issues (path and message)', async () => {
    // Act
    const res = await stack.call('POST', '/registrations', {
      email: 'not-an-email',
      eventID: 'x;y',
      year: 'soon',
    });
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_body');
    const paths = res.body.error.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['email', 'eventID', 'year']));
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    // Act
    const res = await stack.call('POST', '/registrations', '{"email": ');
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_json');
  });

  it('answers 413 for a body over 64 KB', async () => {
    // Act
    const res = await stack.call('POST', '/registrations', { email: 'a@b.co', padding: 'x'.repeat(70_000) });
    // Assess
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers 405 for a wrong method', async () => {
    // Act
    const res = await stack.call('DELETE', '/registrations');
    // Assess
    expect(res.status).toBe(405);
    expect(res.body.error.code).toBe('method_not_allowed');
    expect(res.headers.get('allow')).toContain('POST');
  });
});
