import type { EventRecord } from '@biztech/payments-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { bearerFor, idTokenFor } from './support/id-tokens.ts';
import { CLIENT_URL, type Stack, startStack } from './support/stack.ts';

// The real frontend's calls (BRIEF §2 "How the real frontend calls the API"), written from the
// observed facts, not copied: `fetchBackend` sends `Accept` and `Content-Type: application/json`
// on POST/PUT, a token only on authenticated calls, parses every body as JSON and throws
// `{ status, message: body }` on a non-2xx. No `Prefer` header: today's shapes are the default.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

class FrontendError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
  }
}

/** The frontend's `fetchBackend({ endpoint, method, data, authenticatedCall })`. */
async function fetchBackend(options: {
  endpoint: string;
  method: 'GET' | 'POST' | 'PUT';
  data?: unknown;
  token?: string;
}): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (options.method !== 'GET') {
    headers.Accept = 'application/json';
    headers['Content-Type'] = 'application/json';
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(`${stack.url}${options.endpoint}`, {
    method: options.method,
    headers,
    ...(options.data === undefined ? {} : { body: JSON.stringify(options.data) }),
  });
  const body = (await response.json()) as unknown;
  if (!response.ok) throw new FrontendError(response.status, body);
  return body;
}

/** `regForPaid` / `regForPaidApp` / `confirmAndPay`: `POST /payments` without a token, `res?.url ?? res`. */
async function payForEvent(email: string, event: EventRecord, successSuffix = 'register/success') {
  const res = (await fetchBackend({
    endpoint: '/payments',
    method: 'POST',
    data: {
      paymentType: 'Event',
      success_url: `${CLIENT_URL}event/${event.id}/${event.year}/${successSuffix}`,
      email,
      fname: 'Ada',
      eventID: event.id,
      year: event.year,
    },
  })) as { url?: string } | string;
  return (typeof res === 'object' ? res?.url : undefined) ?? (res as string);
}

/** The strategy's `load()`: the registration of `"<id>;<year>"` among `res.data`. */
async function load(email: string, event: EventRecord, token?: string) {
  const res = (await fetchBackend({
    endpoint: `/registrations?email=${encodeURIComponent(email)}`,
    method: 'GET',
    ...(token ? { token } : {}),
  })) as { data: Record<string, unknown>[] };
  return res.data.find((r) => r['eventID;year'] === `${event.id};${event.year}`);
}

const register = (email: string, event: EventRecord, overrides: Record<string, unknown> = {}) =>
  fetchBackend({
    endpoint: '/registrations',
    method: 'POST',
    data: registrationBody(email, event, overrides),
  });

/** An admin's decision, through the operator API (an address on ubcbiztech.com, verified). */
const decide = (email: string, event: EventRecord, decision: 'accepted' | 'rejected') =>
  stack.call(
    'POST',
    `/admin/registrations/${email}/${event.id}/${event.year}/decision`,
    { decision },
    bearerFor('lead@ubcbiztech.com'),
  );

/** The browser pays on the hosted page the URL leads to. */
const payAt = (url: string) => stack.pay(url.split('/').pop() as string);

describe('event registration as the frontend does it', () => {
  it('regForPaid: registers, gets the bare URL from POST /payments, pays; load() sees registered', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('fe')}@ubc.ca`;
    // Act
    const registered = await register(email, event);
    const url = await payForEvent(email, event);
    const before = await load(email, event);
    await payAt(url);
    const after = await load(email, event);
    // Assess
    expect(registered).toEqual({ registrationStatus: 'incomplete' });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\//);
    expect(before).toMatchObject({ registrationStatus: 'incomplete', eventID: event.id, year: event.year });
    expect(after).toMatchObject({
      id: email,
      'eventID;year': `${event.id};${event.year}`,
      registrationStatus: 'registered',
      applicationStatus: '',
      isPartner: false,
      points: 0,
    });
  });

  it('the re-registration shortcut: registering again while unpaid hands back the live checkout', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('fe')}@ubc.ca`;
    await register(email, event);
    const url = await payForEvent(email, event);
    // Act
    const again = (await register(email, event)) as { url: string };
    // Assess
    expect(again.url).toBe(url);
  });

  it('regForPaidApp: an application under review is sent to the application page, then pays after acceptance (confirmAndPay)', async () => {
    // Prepare
    const event = paidEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    const email = `${uid('app')}@ubc.ca`;
    // Act
    const registered = await register(email, event, { applicationStatus: 'reviewing' });
    const received = await payForEvent(email, event);
    const sessions = stack.local.sessions().length;
    const accepted = await decide(email, event, 'accepted');
    const confirmUrl = await payForEvent(email, event, 'register/');
    await payAt(confirmUrl);
    // Assess
    expect(registered).toEqual({ registrationStatus: 'incomplete', applicationStatus: 'reviewing' });
    expect(received).toBe(
      `${CLIENT_URL}event/${event.id}/${event.year}/register/success?isApplicationBased=true`,
    );
    expect(sessions).toBe(stack.local.sessions().length - 1);
    expect(accepted.status).toBe(200);
    expect(await load(email, event)).toMatchObject({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
    });
  });

  it('confirmAttendance(): a free accepted application is confirmed with PUT /registrations/<email>/<fname>', async () => {
    // Prepare
    const event: EventRecord = {
      ...paidEvent({ isApplicationBased: true }),
      pricing: { members: 0, nonMembers: 0 },
    };
    await stack.seedEvent(event);
    const email = `${uid('free')}@ubc.ca`;
    await register(email, event, { registrationStatus: 'registered', applicationStatus: 'reviewing' });
    await decide(email, event, 'accepted');
    const pending = await load(email, event);
    // Act
    const confirmed = await fetchBackend({
      endpoint: `/registrations/${email}/Ada`,
      method: 'PUT',
      data: { eventID: event.id, year: event.year, registrationStatus: 'acceptedComplete' },
      token: idTokenFor(email),
    });
    // Assess
    expect(pending).toMatchObject({ registrationStatus: 'acceptedPending', applicationStatus: 'accepted' });
    expect(confirmed).toMatchObject({ registrationStatus: 'acceptedComplete' });
    expect(await load(email, event)).toMatchObject({ registrationStatus: 'acceptedComplete' });
  });

  it('an attendee cancels a paid place: the seat is released and the money is an open refund_needed item', async () => {
    // Prepare
    const event = paidEvent({ capac: 5 });
    await stack.seedEvent(event);
    const email = `${uid('cancel')}@ubc.ca`;
    await register(email, event);
    await payAt(await payForEvent(email, event));
    // Act
    const cancelled = await fetchBackend({
      endpoint: `/registrations/${email}/Ada`,
      method: 'PUT',
      data: { eventID: event.id, year: event.year, registrationStatus: 'cancelled' },
      token: idTokenFor(email),
    });
    // Assess
    expect(cancelled).toEqual({ registrationStatus: 'cancelled' });
    expect(await stack.deps.events.seatsTaken(event.id, event.year)).toBe(0);
    const queue = await stack.deps.operations.listQueue('open');
    expect(
      queue.items.filter((q) => q.subject?.kind === 'registration' && q.subject.key.email === email),
    ).toEqual([
      expect.objectContaining({ kind: 'refund_needed', reason: 'attendee_cancelled', amount: 1999 }),
    ]);
  });

  it('any other change through PUT is 409 change_refused with a reason, and writes nothing', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('other')}@ubc.ca`;
    await register(email, event);
    const before = await stack.scanEverything();
    const put = (data: Record<string, unknown>) =>
      fetchBackend({
        endpoint: `/registrations/${email}/Ada`,
        method: 'PUT',
        data,
        token: idTokenFor(email),
      }).catch((e: unknown) => e);
    // Act
    const registered = await put({ eventID: event.id, year: event.year, registrationStatus: 'registered' });
    const points = await put({
      eventID: event.id,
      year: event.year,
      registrationStatus: 'cancelled',
      points: 99,
    });
    const unpaidConfirm = await put({
      eventID: event.id,
      year: event.year,
      registrationStatus: 'acceptedComplete',
    });
    // Assess
    expect(registered).toMatchObject({
      status: 409,
      body: { error: { code: 'change_refused', reason: 'unsupported_change' } },
    });
    expect(points).toMatchObject({ status: 409, body: { error: { reason: 'unsupported_change' } } });
    expect(unpaidConfirm).toMatchObject({
      status: 409,
      body: { error: { reason: 'not_awaiting_confirmation' } },
    });
    expect(await stack.scanEverything()).toEqual(before);
  });

  it('load() without a token gets the status fields only; with the owner’s token the whole items', async () => {
    // Prepare
    const event = paidEvent();
    await stack.seedEvent(event);
    const email = `${uid('load')}@ubc.ca`;
    await register(email, event);
    // Act
    const open = await load(email, event);
    const signedIn = await load(email, event, idTokenFor(email));
    const stranger = await load(email, event, idTokenFor('someone@ubc.ca')).catch((e: unknown) => e);
    // Assess
    expect(Object.keys(open ?? {}).sort()).toEqual(
      [
        'applicationStatus',
        'eventID',
        'eventID;year',
        'id',
        'isPartner',
        'points',
        'registrationStatus',
        'year',
      ].sort(),
    );
    expect(signedIn).toMatchObject({
      basicInformation: { fname: 'Ada', lname: 'Lovelace' },
      dynamicResponses: { q1: 'Because engines' },
    });
    expect(stranger).toMatchObject({ status: 403, body: { error: { code: 'not_owner' } } });
  });
});

describe('the membership page as the frontend does it', () => {
  it('POST /payments with a token answers the URL itself (window.open(response)); pronouns and education are stored as today', async () => {
    // Prepare
    const email = `${uid('member')}@ubc.ca`;
    await stack.seedUser({ id: email, fname: 'Grace', lname: 'Hopper', education: 'SFU' });
    // Act
    const response = await fetchBackend({
      endpoint: '/payments',
      method: 'POST',
      data: membershipBody(email, 'Member', { education: 'SFU', pronouns: 'she/her' }),
      token: idTokenFor(email),
    });
    await payAt(response as string);
    // Assess
    expect(typeof response).toBe('string');
    const user = (await stack.scan(stack.tables.users)).find((u) => u.id === email);
    const member = (await stack.scan(stack.tables.members)).find((m) => m.id === email);
    expect(user).toMatchObject({ isMember: true, gender: 'she/her' });
    expect(member).toMatchObject({ university: 'SFU', pronouns: 'she/her' });
  });

  it('a token for another email than the body’s is 403 not_owner, and nothing is written', async () => {
    // Prepare
    const email = `${uid('member')}@ubc.ca`;
    const before = await stack.scanEverything();
    // Act
    const refused = await fetchBackend({
      endpoint: '/payments',
      method: 'POST',
      data: membershipBody(email, 'OAuthMember'),
      token: idTokenFor('someone-else@ubc.ca'),
    }).catch((e: unknown) => e);
    // Assess
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'not_owner' } } });
    expect(await stack.scanEverything()).toEqual(before);
  });
});
