import type { EventRecord } from '@biztech/payments-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type AdminPool, type IssuedTokens, startAdminPool } from './support/cognito-tokens.ts';
import { eventPaymentBody, paidEvent, registrationBody, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';
import { withoutWebhooks } from './support/webhooks-off.ts';

let pool: AdminPool;
let stack: Stack;
let admin: IssuedTokens;

beforeAll(async () => {
  pool = await startAdminPool();
  stack = await startStack({ tokens: pool.verifier() });
  admin = await pool.user('lead@example.org', { groups: ['admin'] });
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await pool?.stop();
});

/** A call with the admin's ID token. */
const asAdmin = (method: string, path: string, body?: unknown) =>
  stack.call(method, path, body, { authorization: `Bearer ${admin.idToken}` });

const freeEvent = (overrides: Partial<EventRecord> = {}): EventRecord => ({
  id: uid('free'),
  year: 2026,
  ename: 'Workshop',
  isApplicationBased: false,
  ...overrides,
});

async function register(email: string, event: EventRecord) {
  const answer = await stack.call('POST', '/registrations', registrationBody(email, event));
  expect(answer.status).toBe(201);
  return answer.body;
}

const commandPath = (email: string, event: EventRecord, command: string) =>
  `/admin/registrations/${email}/${event.id}/${event.year}/${command}`;

const trailOf = async (email: string, event: EventRecord) =>
  (await asAdmin('GET', `/admin/audit/registrations/${email}/${event.id}/${event.year}`)).body
    .entries as Array<{
    event: string;
    to: string;
    actor?: { email: string; sub: string; note?: string };
  }>;

/** A paid registration with its checkout paid at stripe-local; `webhooks: false` keeps the payment from us. */
async function paidRegistration(event: EventRecord, email: string, options: { webhooks?: boolean } = {}) {
  await register(email, event);
  const checkout = await stack.call('POST', '/payments', eventPaymentBody(email, event));
  expect(checkout.status).toBe(200);
  const sessionId = checkout.body.sessionId as string;
  if (options.webhooks === false) await withoutWebhooks(stack.local, () => stack.pay(sessionId));
  else await stack.pay(sessionId);
  return sessionId;
}

describe('GET /admin/events/{eventID}/{year}/registrations', () => {
  test('lists oldest first with the seat counter, filters by status and pages with a cursor', async () => {
    // Prepare: two seats, three people (the third waits).
    const event = freeEvent({ capac: 2 });
    await stack.seedEvent(event);
    for (const email of ['a@ubc.ca', 'b@ubc.ca', 'c@ubc.ca']) {
      await register(email, event);
      stack.clock.advance(1_000);
    }
    const path = `/admin/events/${event.id}/${event.year}/registrations`;

    // Act
    const all = await asAdmin('GET', path);
    const waiting = await asAdmin('GET', `${path}?status=waitlist`);
    const first = await asAdmin('GET', `${path}?limit=2`);
    const rest = await asAdmin('GET', `${path}?limit=2&cursor=${first.body.cursor}`);
    const foreign = await asAdmin('GET', `${path}?cursor=bm90LW91cnM`);
    const unknown = await asAdmin('GET', `/admin/events/nope/2026/registrations`);

    // Assess
    expect(all.status).toBe(200);
    expect(all.body.seats).toEqual({ capacity: 2, taken: 2 });
    expect(
      all.body.items.map((i: { email: string; registrationStatus: string }) => [
        i.email,
        i.registrationStatus,
      ]),
    ).toEqual([
      ['a@ubc.ca', 'registered'],
      ['b@ubc.ca', 'registered'],
      ['c@ubc.ca', 'waitlist'],
    ]);
    expect(all.body.items[0]).toEqual({
      email: 'a@ubc.ca',
      registrationStatus: 'registered',
      applicationStatus: '',
      payment: null,
      updatedAt: expect.any(Number),
    });
    expect(all.body.cursor).toBeUndefined();
    expect(waiting.body.items.map((i: { email: string }) => i.email)).toEqual(['c@ubc.ca']);
    expect(first.body.items.map((i: { email: string }) => i.email)).toEqual(['a@ubc.ca', 'b@ubc.ca']);
    expect(rest.body.items.map((i: { email: string }) => i.email)).toEqual(['c@ubc.ca']);
    expect(rest.body.cursor).toBeUndefined();
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'invalid_params']);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'event_not_found']);
  });

  test('shows the recorded payment of a paid registration', async () => {
    const event = paidEvent({ capac: 5 });
    await stack.seedEvent(event);
    const sessionId = await paidRegistration(event, 'payer@ubc.ca');
    const listed = await asAdmin('GET', `/admin/events/${event.id}/${event.year}/registrations`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        email: 'payer@ubc.ca',
        registrationStatus: 'registered',
        payment: { sessionId, amountTotal: 1999, currency: 'cad' },
      }),
    ]);
    expect(listed.body.seats).toEqual({ capacity: 5, taken: 1 });
  });
});

describe('registration commands', () => {
  test('decision: an application is accepted, the same decision twice is refused, and both are audited', async () => {
    // Prepare
    const event = freeEvent({ isApplicationBased: true });
    await stack.seedEvent(event);
    await register('applicant@ubc.ca', event);

    // Act
    const rejected = await asAdmin('POST', commandPath('applicant@ubc.ca', event, 'decision'), {
      decision: 'rejected',
    });
    const twice = await asAdmin('POST', commandPath('applicant@ubc.ca', event, 'decision'), {
      decision: 'rejected',
    });
    const accepted = await asAdmin('POST', commandPath('applicant@ubc.ca', event, 'decision'), {
      decision: 'accepted',
    });
    const afterAcceptance = await asAdmin('POST', commandPath('applicant@ubc.ca', event, 'decision'), {
      decision: 'waitlist',
    });
    const nobody = await asAdmin('POST', commandPath('nobody@ubc.ca', event, 'decision'), {
      decision: 'accepted',
    });
    const badBody = await asAdmin('POST', commandPath('applicant@ubc.ca', event, 'decision'), {
      decision: 'maybe',
    });

    // Assess
    expect([rejected.status, rejected.body]).toEqual([
      200,
      { registrationStatus: 'rejected', applicationStatus: 'rejected' },
    ]);
    expect([twice.status, twice.body.error]).toEqual([
      409,
      expect.objectContaining({ code: 'command_refused', reason: 'same_decision' }),
    ]);
    expect([accepted.status, accepted.body]).toEqual([
      200,
      { registrationStatus: 'acceptedPending', applicationStatus: 'accepted' },
    ]);
    expect([afterAcceptance.status, afterAcceptance.body.error.reason]).toEqual([
      409,
      'not_allowed_in_acceptedPending',
    ]);
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'registration_not_found']);
    expect([badBody.status, badBody.body.error.code]).toEqual([400, 'invalid_body']);
    const trail = await trailOf('applicant@ubc.ca', event);
    expect(trail.map((e) => [e.event, e.to])).toEqual([
      ['REGISTER', 'reviewing'],
      ['DECIDE', 'rejected'],
      ['DECIDE', 'acceptedPending'],
    ]);
    expect(trail[1]?.actor).toEqual({ email: 'lead@example.org', sub: admin.sub });
    const stored = await asAdmin('GET', `/registrations/applicant@ubc.ca/${event.id}/${event.year}`);
    expect(stored.body.registrationStatus).toBe('acceptedPending');
  });

  test('check-in: a confirmed place is checked in once', async () => {
    const event = freeEvent();
    await stack.seedEvent(event);
    await register('guest@ubc.ca', event);
    const checkedIn = await asAdmin('POST', commandPath('guest@ubc.ca', event, 'check-in'));
    const twice = await asAdmin('POST', commandPath('guest@ubc.ca', event, 'check-in'));
    expect([checkedIn.status, checkedIn.body]).toEqual([200, { registrationStatus: 'checkedIn' }]);
    expect([twice.status, twice.body.error.code, twice.body.error.reason]).toEqual([
      409,
      'command_refused',
      'not_allowed_in_checkedIn',
    ]);
    expect((await trailOf('guest@ubc.ca', event)).at(-1)).toMatchObject({
      event: 'CHECK_IN',
      actor: { sub: admin.sub },
    });
  });

  test('cancel: the seat is released and the oldest waitlisted registration of a free event takes it', async () => {
    // Prepare
    const event = freeEvent({ capac: 1 });
    await stack.seedEvent(event);
    await register('first@ubc.ca', event);
    await register('second@ubc.ca', event);

    // Act
    const cancelled = await asAdmin('POST', commandPath('first@ubc.ca', event, 'cancel'));
    const twice = await asAdmin('POST', commandPath('first@ubc.ca', event, 'cancel'), { refund: true });

    // Assess
    expect([cancelled.status, cancelled.body]).toEqual([
      200,
      { registrationStatus: 'cancelled', refund: null },
    ]);
    expect(twice.status).toBe(409);
    const listed = await asAdmin('GET', `/admin/events/${event.id}/${event.year}/registrations`);
    expect(
      listed.body.items.map((i: { email: string; registrationStatus: string }) => [
        i.email,
        i.registrationStatus,
      ]),
    ).toEqual([
      ['first@ubc.ca', 'cancelled'],
      ['second@ubc.ca', 'registered'],
    ]);
    expect(listed.body.seats).toEqual({ capacity: 1, taken: 1 });
  });

  test('cancel with refund: the payment is refunded at Stripe through the outbox, and Stripe’s refund is recorded', async () => {
    // Prepare
    const event = paidEvent({ capac: 3 });
    await stack.seedEvent(event);
    const sessionId = await paidRegistration(event, 'refundme@ubc.ca');
    const session = await stack.stripe.checkout.sessions.retrieve(sessionId);

    // Act
    const cancelled = await asAdmin('POST', commandPath('refundme@ubc.ca', event, 'cancel'), {
      refund: true,
    });
    await stack.local.whenIdle();

    // Assess
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({
      registrationStatus: 'cancelled',
      refund: { amount: 1999, currency: 'cad', sessionId },
    });
    const refunds = await stack.stripe.refunds.list({ payment_intent: session.payment_intent as string });
    expect(refunds.data.map((r) => r.amount)).toEqual([1999]);
    const refundCalls = stack.stripeRequests.filter(
      (r) => r.method === 'POST' && r.url.endsWith('/v1/refunds'),
    );
    expect(refundCalls).toHaveLength(1);
    const trail = await trailOf('refundme@ubc.ca', event);
    expect(trail.map((e) => e.event)).toEqual(
      expect.arrayContaining(['PAYMENT_SUCCEEDED', 'CANCEL', 'CHARGE_REFUNDED']),
    );
    expect(trail.find((e) => e.event === 'CANCEL')?.actor?.sub).toBe(admin.sub);
    expect(await stack.deps.operations.listDueOutbox(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    const listed = await asAdmin('GET', `/admin/events/${event.id}/${event.year}/registrations`);
    expect(listed.body.seats).toEqual({ capacity: 3, taken: 0 });
  });

  test('promote: refused while the event is full, then registered once a seat is free', async () => {
    // Prepare
    const event = freeEvent({ capac: 1 });
    await stack.seedEvent(event);
    await register('holder@ubc.ca', event);
    await register('waiting@ubc.ca', event);

    // Act
    const full = await asAdmin('POST', commandPath('waiting@ubc.ca', event, 'promote'));
    await stack.seedEvent({ ...event, capac: 2 });
    const promoted = await asAdmin('POST', commandPath('waiting@ubc.ca', event, 'promote'));
    const notWaiting = await asAdmin('POST', commandPath('holder@ubc.ca', event, 'promote'));

    // Assess
    expect([full.status, full.body.error.code]).toEqual([409, 'event_full']);
    expect([promoted.status, promoted.body]).toEqual([
      200,
      { registrationStatus: 'registered', applicationStatus: '' },
    ]);
    expect([notWaiting.status, notWaiting.body.error.code]).toEqual([409, 'command_refused']);
    expect(
      (await asAdmin('GET', `/admin/events/${event.id}/${event.year}/registrations`)).body.seats,
    ).toEqual({
      capacity: 2,
      taken: 2,
    });
  });
});

describe('POST /admin/memberships/{email}/grant', () => {
  test('writes user, member and profile as a payment would, audited with the reason; a second grant is refused', async () => {
    // Act
    const nameless = await asAdmin('POST', '/admin/memberships/grace@ubc.ca/grant', { reason: 'exec team' });
    const granted = await asAdmin('POST', '/admin/memberships/Grace@UBC.ca/grant', {
      reason: 'exec team',
      fname: 'Grace',
      lname: 'Hopper',
      education: 'UBC',
    });
    const twice = await asAdmin('POST', '/admin/memberships/grace@ubc.ca/grant', { reason: 'again' });

    // Assess
    expect([nameless.status, nameless.body.error.code]).toEqual([400, 'invalid_body']);
    expect(granted.status).toBe(200);
    expect(granted.body).toEqual({ isMember: true, profileID: expect.any(String) });
    expect([twice.status, twice.body.error.reason]).toEqual([409, 'already_member']);
    const membership = await asAdmin('GET', '/memberships/grace@ubc.ca');
    expect(membership.body).toEqual({ isMember: true, state: 'active', profileID: granted.body.profileID });
    const users = await stack.scan(stack.tables.users);
    expect(users.find((u) => u.id === 'grace@ubc.ca')).toMatchObject({ isMember: true, fname: 'Grace' });
    expect((await stack.scan(stack.tables.members)).map((m) => m.id)).toContain('grace@ubc.ca');
    const trail = (await asAdmin('GET', '/admin/audit/memberships/grace@ubc.ca')).body.entries;
    expect(trail).toEqual([
      expect.objectContaining({
        event: 'ADMIN_GRANT',
        from: 'none',
        to: 'active',
        actor: { email: 'lead@example.org', sub: admin.sub, note: 'exec team' },
      }),
    ]);
  });
});

describe('the operator queue and the reconciler', () => {
  /**
   * Money after the place was given up: the session is paid while the webhook is down, an admin
   * cancels the unpaid-looking registration, and a reconcile pass replays the payment.
   */
  async function paidAfterCancel(event: EventRecord, email: string) {
    const sessionId = await paidRegistration(event, email, { webhooks: false });
    expect((await asAdmin('POST', commandPath(email, event, 'cancel'))).status).toBe(200);
    const pass = await asAdmin('POST', '/admin/reconcile', { sinceSeconds: 3600 });
    expect(pass.status).toBe(200);
    return { sessionId, pass: pass.body };
  }

  test('a reconcile pass replays a missed payment of a cancelled place into a refund_needed item', async () => {
    const event = paidEvent({ capac: 2 });
    await stack.seedEvent(event);
    const { sessionId, pass } = await paidAfterCancel(event, 'late@ubc.ca');
    expect(pass).toMatchObject({ queued: 1, applied: 0 });
    expect(pass.examined).toBeGreaterThan(0);
    const open = await asAdmin('GET', '/admin/queue');
    expect(open.body.items).toContainEqual({
      id: `refund_needed:${sessionId}`,
      kind: 'refund_needed',
      sessionId,
      paymentIntent: expect.stringMatching(/^pi_/),
      amount: 1999,
      currency: 'cad',
      subject: { kind: 'registration', key: { email: 'late@ubc.ca', eventID: event.id, year: event.year } },
      reason: 'not_payable',
      createdAt: expect.any(Number),
      status: 'open',
    });
    // A second pass finds nothing new (the checkpoint moved; the replayed events are duplicates).
    const again = await asAdmin('POST', '/admin/reconcile');
    expect(again.body.queued).toBe(0);
    // Who ran it is in the request's log line (their Cognito sub; no email in logs).
    const lines = stack.logs.requestLines().filter((l) => l.route === '/admin/reconcile');
    expect(lines.at(-1)).toMatchObject({ status: 200, outcome: 'reconciled', adminSub: admin.sub });
    expect(stack.logs.text()).not.toContain('lead@example.org');
  });

  test('accept honours the late payment: registered, overbooked, the item resolved by the admin', async () => {
    // Prepare: one seat, taken by someone else after the cancellation.
    const event = paidEvent({ capac: 1 });
    await stack.seedEvent(event);
    const { sessionId } = await paidAfterCancel(event, 'honour@ubc.ca');
    await paidRegistration(event, 'seated@ubc.ca');
    const id = `refund_needed:${sessionId}`;

    // Act
    const accepted = await asAdmin('POST', `/admin/queue/${id}/resolve`, {
      action: 'accept',
      note: 'they came',
    });
    const twice = await asAdmin('POST', `/admin/queue/${id}/resolve`, { action: 'accept' });

    // Assess
    expect([accepted.status, accepted.body]).toEqual([200, { status: 'resolved', overbooked: true }]);
    expect([twice.status, twice.body.error.code]).toEqual([409, 'queue_item_resolved']);
    const listed = await asAdmin('GET', `/admin/events/${event.id}/${event.year}/registrations`);
    expect(listed.body.seats).toEqual({ capacity: 1, taken: 2 });
    expect(listed.body.items.find((i: { email: string }) => i.email === 'honour@ubc.ca')).toMatchObject({
      registrationStatus: 'registered',
      payment: { sessionId },
    });
    const resolved = await asAdmin('GET', '/admin/queue?status=resolved');
    expect(resolved.body.items.find((i: { id: string }) => i.id === id)).toMatchObject({
      status: 'resolved',
      resolution: { action: 'accept', note: 'they came', by: { email: 'lead@example.org', sub: admin.sub } },
    });
    expect((await asAdmin('GET', '/admin/queue')).body.items.map((i: { id: string }) => i.id)).not.toContain(
      id,
    );
    expect((await trailOf('honour@ubc.ca', event)).at(-1)).toMatchObject({
      event: 'HONOUR_PAYMENT',
      to: 'registered',
      actor: { sub: admin.sub, note: 'they came' },
    });
  });

  test('refund refunds the payment at Stripe through the outbox; dismiss needs a note', async () => {
    // Prepare
    const event = paidEvent({ capac: 2 });
    await stack.seedEvent(event);
    const refunded = await paidAfterCancel(event, 'refund@ubc.ca');
    const dismissed = await paidAfterCancel(event, 'dismiss@ubc.ca');

    // Act
    const refund = await asAdmin('POST', `/admin/queue/refund_needed:${refunded.sessionId}/resolve`, {
      action: 'refund',
    });
    await stack.local.whenIdle();
    const noNote = await asAdmin('POST', `/admin/queue/refund_needed:${dismissed.sessionId}/resolve`, {
      action: 'dismiss',
    });
    const dismiss = await asAdmin('POST', `/admin/queue/refund_needed:${dismissed.sessionId}/resolve`, {
      action: 'dismiss',
      note: 'refunded by hand in the dashboard',
    });
    const unknown = await asAdmin('POST', '/admin/queue/refund_needed:cs_nope/resolve', {
      action: 'dismiss',
      note: 'x',
    });

    // Assess
    expect([refund.status, refund.body]).toEqual([200, { status: 'resolved' }]);
    const session = await stack.stripe.checkout.sessions.retrieve(refunded.sessionId);
    const refunds = await stack.stripe.refunds.list({ payment_intent: session.payment_intent as string });
    expect(refunds.data.map((r) => r.amount)).toEqual([1999]);
    expect(await stack.deps.operations.listDueOutbox(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect([noNote.status, noNote.body.error.code]).toEqual([400, 'invalid_body']);
    expect(noNote.body.error.issues).toEqual([expect.objectContaining({ path: ['note'] })]);
    expect([dismiss.status, dismiss.body]).toEqual([200, { status: 'resolved' }]);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'queue_item_not_found']);
    const dismissedSession = await stack.stripe.checkout.sessions.retrieve(dismissed.sessionId);
    const untouched = await stack.stripe.refunds.list({
      payment_intent: dismissedSession.payment_intent as string,
    });
    expect(untouched.data).toEqual([]);
  });

  test('the queue pages with a cursor and refuses one it never gave', async () => {
    const first = await asAdmin('GET', '/admin/queue?status=resolved&limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.cursor).toEqual(expect.any(String));
    const next = await asAdmin(
      'GET',
      `/admin/queue?status=resolved&limit=1&cursor=${encodeURIComponent(first.body.cursor)}`,
    );
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
    const foreign = await asAdmin('GET', '/admin/queue?cursor=eyJwayI6MX0');
    expect([foreign.status, foreign.body.error.code]).toEqual([400, 'invalid_params']);
  });
});
