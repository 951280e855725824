import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimsOf, signJwt, strangerKey } from './support/cognito-tokens.ts';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { bearerFor, idTokenFor } from './support/id-tokens.ts';
import { type Stack, startStack } from './support/stack.ts';

// CONTRACT §2 "Who may read what": personal routes bound to the caller's verified Cognito ID token.
let stack: Stack;
let bounded: Stack;
beforeAll(async () => {
  [stack, bounded] = await Promise.all([
    startStack(),
    startStack({ config: { maxSessionsPerEmailPerHour: 2 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([stack.close(), bounded.close()]);
});

/** A token that looks like the owner's but is signed by a key nobody trusts. */
const forgedFor = (email: string) =>
  `Bearer ${signJwt({ alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' }, claimsOf(idTokenFor(email)), strangerKey())}`;

/** A free accepted application of `email`, waiting for their confirmation. */
async function acceptedApplication(email: string) {
  const event = { ...paidEvent({ isApplicationBased: true }), pricing: { members: 0, nonMembers: 0 } };
  await stack.seedEvent(event);
  await stack.call(
    'POST',
    '/registrations',
    registrationBody(email, event, { registrationStatus: 'registered', applicationStatus: 'reviewing' }),
  );
  const decided = await stack.call(
    'POST',
    `/admin/registrations/${email}/${event.id}/${event.year}/decision`,
    { decision: 'accepted' },
    bearerFor('lead@ubcbiztech.com'),
  );
  expect(decided.body.registrationStatus).toBe('acceptedPending');
  return event;
}

describe('personal routes need the owner’s or an admin’s token', () => {
  it('each route: no token 401, a forged one 401, someone else’s 403, the owner’s and an admin’s pass', async () => {
    // Prepare
    const email = `${uid('owner')}@ubc.ca`;
    const event = await acceptedApplication(email);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/registrations/${email}/${event.id}/${event.year}`],
      ['GET', `/memberships/${email}`],
      [
        'PUT',
        `/registrations/${email}/Ada`,
        { eventID: event.id, year: event.year, registrationStatus: 'acceptedPending' },
      ],
      ['POST', `/registrations/${email}/${event.id}/${event.year}/confirm`],
    ];
    const callers: Array<[string, Record<string, string>]> = [
      ['none', { authorization: '' }],
      ['forged', { authorization: forgedFor(email) }],
      ['someone else', bearerFor('someone@ubc.ca')],
      ['owner', bearerFor(email)],
      ['admin', bearerFor('lead@ubcbiztech.com')],
    ];
    // Act
    const answers: string[] = [];
    for (const [method, path, body] of routes) {
      for (const [who, headers] of callers) {
        const res = await stack.call(method, path, body, headers);
        answers.push(
          `${method} ${path.split('/')[1]} ${who}: ${res.status} ${res.body?.error?.code ?? ''}`.trim(),
        );
      }
    }
    // Assess: the owner's PUT asks for a change the route does not make (409), then confirms.
    const expected = (method: string, route: string, ok: string) => [
      `${method} ${route} none: 401 missing_token`,
      `${method} ${route} forged: 401 invalid_token`,
      `${method} ${route} someone else: 403 not_owner`,
      `${method} ${route} owner: ${ok}`,
      `${method} ${route} admin: ${ok}`,
    ];
    expect(answers).toEqual([
      ...expected('GET', 'registrations', '200'),
      ...expected('GET', 'memberships', '404 user_not_found'),
      ...expected('PUT', 'registrations', '409 change_refused'),
      ...expected('POST', 'registrations', '200'),
    ]);
  });

  it('the 403 says nothing of whether a record exists', async () => {
    // Prepare
    const email = `${uid('exists')}@ubc.ca`;
    const event = paidEvent();
    await stack.seedEvent(event);
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const nobody = `${uid('nobody')}@ubc.ca`;
    const other = bearerFor('someone@ubc.ca');
    // Act
    const existing = await stack.call(
      'GET',
      `/registrations/${email}/${event.id}/${event.year}`,
      undefined,
      other,
    );
    const missing = await stack.call(
      'GET',
      `/registrations/${nobody}/${event.id}/${event.year}`,
      undefined,
      other,
    );
    // Assess
    expect([existing.status, existing.body]).toEqual([missing.status, missing.body]);
    expect(existing.status).toBe(403);
  });

  it('POST /registrations with someone else’s token is 403 and writes nothing; without one it stays open', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('open')}@ubc.ca`;
    const before = await stack.scanEverything();
    // Act
    const refused = await stack.call(
      'POST',
      '/registrations',
      registrationBody(email, event),
      bearerFor('x@ubc.ca'),
    );
    const after = await stack.scanEverything();
    const open = await stack.call('POST', '/registrations', registrationBody(email, event));
    // Assess
    expect([refused.status, refused.body.error.code]).toEqual([403, 'not_owner']);
    expect(after).toEqual(before);
    expect(open.status).toBe(201);
  });

  it('GET /payments/sessions/{id} stays open and carries no personal data', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('session')}@ubc.ca`;
    await stack.call('POST', '/registrations', registrationBody(email, event));
    const pay = await stack.call('POST', '/payments', eventPaymentBody(email, event));
    // Act
    const read = await stack.call('GET', `/payments/sessions/${pay.body.sessionId}`, undefined, {
      authorization: '',
    });
    // Assess
    expect(read.status).toBe(200);
    expect(Object.keys(read.body).sort()).toEqual(['fulfilled', 'paymentStatus', 'sessionId', 'status']);
    expect(JSON.stringify(read.body)).not.toContain(email);
  });
});

describe('new checkout sessions per email are bounded', () => {
  it('the third new session of the hour is 429 too_many_sessions with retry-after, writing nothing; others are not held back', async () => {
    // Prepare
    const email = `${uid('bound')}@ubc.ca`;
    const events = [paidEvent(), paidEvent(), paidEvent()];
    for (const event of events) {
      await bounded.seedEvent(event);
      await bounded.call('POST', '/registrations', registrationBody(email, event));
    }
    const first = await bounded.call('POST', '/payments', eventPaymentBody(email, events[0]!));
    const second = await bounded.call('POST', '/payments', eventPaymentBody(email, events[1]!));
    const before = await bounded.scanEverything();
    const sessions = bounded.local.sessions().length;
    // Act
    const third = await bounded.call('POST', '/payments', eventPaymentBody(email, events[2]!));
    const after = await bounded.scanEverything();
    const again = await bounded.call('POST', '/payments', eventPaymentBody(email, events[0]!));
    const otherEmail = `${uid('free')}@ubc.ca`;
    await bounded.call('POST', '/registrations', registrationBody(otherEmail, events[2]!));
    const other = await bounded.call('POST', '/payments', eventPaymentBody(otherEmail, events[2]!));
    // Assess
    expect([first.status, second.status]).toEqual([200, 200]);
    expect([third.status, third.body.error.code]).toEqual([429, 'too_many_sessions']);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(3600);
    expect(after).toEqual(before);
    expect(bounded.local.sessions()).toHaveLength(sessions + 1);
    // A live session handed back again is not a new one.
    expect([again.status, again.body.url]).toEqual([200, first.body.url]);
    expect(other.status).toBe(200);
  });
});
