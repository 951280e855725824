import { createDynamoAuditTrail } from '@biztech/payments-aws';
import { applyRegistrationEvent, type RegistrationKey } from '@biztech/payments-core';
import { paidEvent } from '@biztech/payments-core/conformance';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  bodyOf,
  checkOutAndPay,
  frontendBody,
  proxyEvent,
  type ServiceHarness,
  serviceHarness,
} from './support.ts';

let h: ServiceHarness;
const paidBlueprint = paidEvent({ id: 'blueprint', capac: 10 });
const freeMixer = paidEvent({ id: 'mixer', capac: 10, pricing: { members: 0, nonMembers: 0 } });
const fullApplication = paidEvent({
  id: 'summit',
  capac: 1,
  isApplicationBased: true,
  pricing: { members: 0, nonMembers: 0 },
});
const freeApplication = paidEvent({
  id: 'hacks',
  capac: 10,
  isApplicationBased: true,
  pricing: { members: 0, nonMembers: 0 },
});

beforeAll(async () => {
  h = await serviceHarness('put');
  for (const event of [paidBlueprint, freeMixer, freeApplication, fullApplication])
    await h.put(h.tables.events, { ...event });
});

const put = (email: string, body: unknown) => h.handlers.put(proxyEvent(body, { email, fname: 'Ada' }));
const register = (eventID: string, email: string, extra = {}) =>
  h.handlers.post(proxyEvent(frontendBody(eventID, email, 'registered', extra)));
const keyOf = (email: string, eventID: string): RegistrationKey => ({ email, eventID, year: 2026 });

describe('PUT /registrations/{email}/{fname} through core and the aws stores', () => {
  test('confirmAttendance() on a free accepted application: acceptedComplete, its seat counted, the actor audited', async () => {
    // Prepare: applied, then accepted by an admin's decision (the packages' DECIDE).
    const key = keyOf('confirm@ubc.ca', 'hacks');
    await register('hacks', key.email, { applicationStatus: 'reviewing' });
    await applyRegistrationEvent(h.deps, key, { type: 'DECIDE', decision: 'accepted' });
    expect((await h.item(key.email, 'hacks', 2026))?.registrationStatus).toBe('acceptedPending');

    // Act: exactly the frontend's body.
    const res = await put(key.email, {
      eventID: 'hacks',
      year: 2026,
      registrationStatus: 'acceptedComplete',
    });
    const again = await put(key.email, {
      eventID: 'hacks',
      year: 2026,
      registrationStatus: 'acceptedComplete',
    });

    // Assess
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toMatchObject({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
    });
    expect(again.statusCode).toBe(200);
    expect(await h.deps.events.seatsTaken('hacks', 2026)).toBe(1);
    expect(await h.item(key.email, 'hacks', 2026)).toMatchObject({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
      fname: 'Ada',
    });
    const audit = await createDynamoAuditTrail(h.doc, { tableSuffix: suffixOf(h) }).registrationAudit(key);
    expect(audit.at(-1)).toMatchObject({
      event: 'CONFIRM',
      to: 'acceptedComplete',
      actor: { email: 'ada@ubc.ca' },
    });
  });

  test('confirming when the last seat went meanwhile: the capacity condition waitlists it, the counter stays at capacity', async () => {
    // Prepare: two accepted applications, one seat.
    const first = keyOf('first@ubc.ca', 'summit');
    const second = keyOf('second@ubc.ca', 'summit');
    for (const key of [first, second]) {
      await register('summit', key.email, { applicationStatus: 'reviewing' });
      await applyRegistrationEvent(h.deps, key, { type: 'DECIDE', decision: 'accepted' });
    }

    // Act
    const won = await put(first.email, {
      eventID: 'summit',
      year: 2026,
      registrationStatus: 'acceptedComplete',
    });
    const lost = await put(second.email, {
      eventID: 'summit',
      year: 2026,
      registrationStatus: 'acceptedComplete',
    });

    // Assess
    expect(bodyOf(won).registrationStatus).toBe('acceptedComplete');
    expect(lost.statusCode).toBe(200);
    expect(bodyOf(lost)).toMatchObject({ registrationStatus: 'waitlist', applicationStatus: 'waitlist' });
    expect(await h.deps.events.seatsTaken('summit', 2026)).toBe(1);
  });

  test('cancelling a paid place releases its seat and opens a refund_needed operator item in the same commit', async () => {
    // Prepare: registered, checked out and paid through the payments API's runner.
    const key = keyOf('cancel@ubc.ca', 'blueprint');
    await register('blueprint', key.email);
    const { sessionId } = await checkOutAndPay(h, key, 1999, { pay: true });
    const seatsBefore = await h.deps.events.seatsTaken('blueprint', 2026);

    // Act
    const res = await put(key.email, { eventID: 'blueprint', year: 2026, registrationStatus: 'cancelled' });

    // Assess
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res).registrationStatus).toBe('cancelled');
    expect(await h.deps.events.seatsTaken('blueprint', 2026)).toBe(seatsBefore - 1);
    const open = await h.deps.operations.listQueue('open');
    expect(open.items.filter((q) => q.sessionId === sessionId)).toEqual([
      expect.objectContaining({
        kind: 'refund_needed',
        amount: 1999,
        reason: 'attendee_cancelled',
        status: 'open',
      }),
    ]);
  });

  test('cancelling a free place releases its seat and queues nothing', async () => {
    const key = keyOf('freecancel@ubc.ca', 'mixer');
    await register('mixer', key.email);
    const seatsBefore = await h.deps.events.seatsTaken('mixer', 2026);
    const queueBefore = (await h.deps.operations.listQueue('open')).items.length;

    const res = await put(key.email, { eventID: 'mixer', year: 2026, registrationStatus: 'cancelled' });

    expect(res.statusCode).toBe(200);
    expect(await h.deps.events.seatsTaken('mixer', 2026)).toBe(seatsBefore - 1);
    expect((await h.deps.operations.listQueue('open')).items).toHaveLength(queueBefore);
  });

  test('a status write the machine refuses is 409 with a reason, and nothing is written (the other fields neither)', async () => {
    // Prepare: a paid registration still to pay.
    const key = keyOf('refused@ubc.ca', 'blueprint');
    await register('blueprint', key.email);
    const before = await h.item(key.email, 'blueprint', 2026);
    const seats = await h.deps.events.seatsTaken('blueprint', 2026);

    // Act
    const confirm = await put(key.email, {
      eventID: 'blueprint',
      year: 2026,
      registrationStatus: 'acceptedComplete',
      points: 50,
    });
    const registered = await put(key.email, {
      eventID: 'blueprint',
      year: 2026,
      registrationStatus: 'registered',
    });
    const checkIn = await put(key.email, {
      eventID: 'blueprint',
      year: 2026,
      registrationStatus: 'checkedIn',
    });
    const decision = await put(key.email, {
      eventID: 'blueprint',
      year: 2026,
      applicationStatus: 'accepted',
    });

    // Assess
    expect([confirm, registered, checkIn, decision].map((r) => r.statusCode)).toEqual([409, 409, 409, 409]);
    expect(bodyOf(confirm)).toMatchObject({ code: 'change_refused', reason: 'payment_required' });
    expect(bodyOf(registered)).toMatchObject({ code: 'change_refused', reason: 'unsupported_change' });
    expect(bodyOf(checkIn)).toMatchObject({ code: 'change_refused' });
    expect(bodyOf(decision)).toMatchObject({ code: 'change_refused', reason: 'use_admin_decision' });
    expect(await h.item(key.email, 'blueprint', 2026)).toEqual(before);
    expect(await h.deps.events.seatsTaken('blueprint', 2026)).toBe(seats);
  });

  test("other field edits stay plain updates of the service's attributes: the machine's state is untouched and keeps working", async () => {
    // Prepare
    const key = keyOf('points@ubc.ca', 'mixer');
    await register('mixer', key.email);
    const before = await h.item(key.email, 'mixer', 2026);

    // Act: today's points tool, then a cancellation through the machine.
    const edit = await put(key.email, {
      eventID: 'mixer',
      year: 2026,
      points: 25,
      dynamicResponses: { q1: 'C' },
    });
    const edited = await h.item(key.email, 'mixer', 2026);
    const cancel = await put(key.email, { eventID: 'mixer', year: 2026, registrationStatus: 'cancelled' });

    // Assess
    expect(edit.statusCode).toBe(200);
    expect(bodyOf(edit).registrationStatus).toBe('registered');
    expect(edited).toMatchObject({ points: 25, dynamicResponses: { q1: 'C' } });
    for (const owned of ['registrationStatus', 'paymentVersion', 'paymentSnapshot', 'createdAt'])
      expect(edited?.[owned]).toEqual(before?.[owned]);
    expect(cancel.statusCode).toBe(200);
    expect(await h.item(key.email, 'mixer', 2026)).toMatchObject({
      registrationStatus: 'cancelled',
      points: 25,
    });
  });

  test("today's check-in through the same PUT goes through the machine", async () => {
    const key = keyOf('checkin@ubc.ca', 'mixer');
    await register('mixer', key.email);

    const res = await put(key.email, { eventID: 'mixer', year: 2026, registrationStatus: 'checkedIn' });

    expect(res.statusCode).toBe(200);
    expect((await h.item(key.email, 'mixer', 2026))?.registrationStatus).toBe('checkedIn');
  });

  test("an item today's service wrote is confirmed in place: no migration, today's attributes kept", async () => {
    // Prepare: a legacy acceptedPending item (no snapshot).
    await h.put(h.tables.registrations, {
      id: 'old@ubc.ca',
      'eventID;year': 'hacks;2026',
      registrationStatus: 'acceptedPending',
      applicationStatus: 'accepted',
      fname: 'Grace',
      points: 3,
      isPartner: false,
    });

    // Act
    const res = await put('old@ubc.ca', {
      eventID: 'hacks',
      year: 2026,
      registrationStatus: 'acceptedComplete',
    });

    // Assess
    expect(res.statusCode).toBe(200);
    expect(await h.item('old@ubc.ca', 'hacks', 2026)).toMatchObject({
      registrationStatus: 'acceptedComplete',
      applicationStatus: 'accepted',
      fname: 'Grace',
      points: 3,
      isPartner: false,
      paymentVersion: 1,
    });
  });

  test('package attributes in the body are refused (406), a missing registration is 409 as today, nothing written', async () => {
    const key = keyOf('owned@ubc.ca', 'mixer');
    await register('mixer', key.email);
    const before = await h.item(key.email, 'mixer', 2026);

    const link = await put(key.email, { eventID: 'mixer', year: 2026, checkoutLink: 'https://evil.example' });
    const missing = await put('nobody@ubc.ca', { eventID: 'mixer', year: 2026, points: 1 });
    const badEmail = await put('not-an-email', { eventID: 'mixer', year: 2026, points: 1 });

    expect(link.statusCode).toBe(406);
    expect(bodyOf(link)).toMatchObject({ code: 'invalid_body' });
    expect(missing.statusCode).toBe(409);
    expect(bodyOf(missing)).toMatchObject({ code: 'registration_not_found' });
    expect(badEmail.statusCode).toBe(406);
    expect(await h.item(key.email, 'mixer', 2026)).toEqual(before);
    expect(await h.item('nobody@ubc.ca', 'mixer', 2026)).toBeUndefined();
  });
});

/** The table suffix the harness created its tables under. */
function suffixOf(harness: ServiceHarness): string {
  return harness.tables.registrations.slice('biztechRegistrations'.length);
}
