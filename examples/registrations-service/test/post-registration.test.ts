import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { REGISTRATION_BOOKKEEPING } from '@biztech/payments-aws';
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
const freeMixer = paidEvent({ id: 'mixer', capac: 1, pricing: { members: 0, nonMembers: 0 } });
const paidApplication = paidEvent({ id: 'datathon', isApplicationBased: true });

beforeAll(async () => {
  h = await serviceHarness('post');
  for (const event of [paidBlueprint, freeMixer, paidApplication]) await h.put(h.tables.events, { ...event });
});

const post = (body: unknown) => h.handlers.post(proxyEvent(body));

describe('POST /registrations through core and the aws stores', () => {
  test('a paid registration is created incomplete, whatever status the client sent, and takes no seat', async () => {
    // Prepare: the client claims `registered` for a paid event.
    const body = frontendBody('blueprint', 'paid@ubc.ca', 'registered');

    // Act
    const res = await post(body);

    // Assess
    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toEqual({
      registrationStatus: 'incomplete',
      message: "User with email paid@ubc.ca successfully registered (created) to status 'incomplete'!",
    });
    expect(res.headers['Access-Control-Allow-Origin']).toBe('*');
    expect(await h.deps.events.seatsTaken('blueprint', 2026)).toBe(0);
    const item = await h.item('paid@ubc.ca', 'blueprint', 2026);
    expect(item).toMatchObject({
      registrationStatus: 'incomplete',
      applicationStatus: '',
      fname: 'Ada',
      studentId: 12345678,
      isPartner: false,
      points: 0,
      basicInformation: body.basicInformation,
      dynamicResponses: body.dynamicResponses,
    });
    expect(item?.checkoutLink).toBeUndefined();
  });

  test('a free registration is registered and its seat counted in the same commit; the next one is waitlisted', async () => {
    // Act
    const first = await post(frontendBody('mixer', 'free@ubc.ca', 'registered'));
    const second = await post(frontendBody('mixer', 'late@ubc.ca', 'registered'));

    // Assess: capacity 1.
    expect(first.statusCode).toBe(201);
    expect(bodyOf(first).registrationStatus).toBe('registered');
    expect(bodyOf(second).registrationStatus).toBe('waitlist');
    expect(await h.deps.events.seatsTaken('mixer', 2026)).toBe(1);
  });

  test('two tabs registering at once: one place, one seat, the other told it is registered already', async () => {
    // Prepare
    await h.put(h.tables.events, { ...freeMixer, id: 'tabs', capac: 5 });
    const body = frontendBody('tabs', 'tabs@ubc.ca', 'registered');

    // Act
    const answers = await Promise.all([post(body), post(body)]);

    // Assess
    expect(answers.map((r) => r.statusCode).sort()).toEqual([201, 400]);
    expect(await h.deps.events.seatsTaken('tabs', 2026)).toBe(1);
  });

  test('an application is reviewing, stored as today (incomplete on a paid event)', async () => {
    const res = await post(
      frontendBody('datathon', 'app@ubc.ca', 'incomplete', { applicationStatus: 'reviewing' }),
    );

    expect(res.statusCode).toBe(201);
    expect(bodyOf(res)).toMatchObject({ registrationStatus: 'incomplete', applicationStatus: 'reviewing' });
    expect(await h.item('app@ubc.ca', 'datathon', 2026)).toMatchObject({
      registrationStatus: 'incomplete',
      applicationStatus: 'reviewing',
    });
  });

  test('registering again while unpaid: the live checkout URL while it lives, none after it expired', async () => {
    // Prepare: registered, then a checkout opened by POST /payments.
    const key = { email: 'again@ubc.ca', eventID: 'blueprint', year: 2026 };
    await post(frontendBody('blueprint', key.email, 'incomplete'));
    const { url } = await checkOutAndPay(h, key, 1999, { pay: false });

    // Act
    const live = await post(
      frontendBody('blueprint', key.email, 'incomplete', { dynamicResponses: { q1: 'B' } }),
    );
    const afterLive = await h.item(key.email, 'blueprint', 2026);
    h.clock.advance(32 * 60_000);
    const expired = await post(frontendBody('blueprint', key.email, 'incomplete'));

    // Assess: today's shortcut shape; without `url` the frontend calls POST /payments for a new session.
    expect(live.statusCode).toBe(200);
    expect(bodyOf(live)).toMatchObject({ message: 'Redirect to link', url });
    expect(expired.statusCode).toBe(200);
    expect(bodyOf(expired).url).toBeUndefined();
    // The form is the service's: updated as today's re-registration did, the package's state untouched.
    expect(afterLive).toMatchObject({ dynamicResponses: { q1: 'B' }, checkoutLink: url, paymentVersion: 2 });
  });

  test("a legacy incomplete item's saved checkoutLink is never handed out (it carries no expiry)", async () => {
    // Prepare: an item today's service wrote, with a link from a session long dead.
    await h.put(h.tables.registrations, {
      id: 'legacy@ubc.ca',
      'eventID;year': 'blueprint;2026',
      registrationStatus: 'incomplete',
      applicationStatus: '',
      checkoutLink: 'https://checkout.stripe.com/c/pay/cs_dead',
      fname: 'Grace',
    });

    // Act
    const res = await post(frontendBody('blueprint', 'legacy@ubc.ca', 'incomplete'));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(bodyOf(res)).toEqual({ message: 'Redirect to link', registrationStatus: 'incomplete' });
  });

  test("registering again with a place already: today's 400, nothing written", async () => {
    // Prepare
    await post(frontendBody('mixer', 'twice@ubc.ca', 'registered'));
    const before = await h.item('twice@ubc.ca', 'mixer', 2026);

    // Act
    const res = await post(frontendBody('mixer', 'twice@ubc.ca', 'registered', { points: 9 }));

    // Assess
    expect(res.statusCode).toBe(400);
    expect(bodyOf(res)).toMatchObject({ code: 'already_registered' });
    expect(await h.item('twice@ubc.ca', 'mixer', 2026)).toEqual(before);
  });

  test('an unknown event is 404 and a body DynamoDB would refuse is 406, both writing nothing', async () => {
    const unknown = await post(frontendBody('nope', 'who@ubc.ca', 'registered'));
    const emptyKey = await post(
      frontendBody('blueprint', 'bad@ubc.ca', 'incomplete', { dynamicResponses: { '': 1 } }),
    );
    const notJson = await h.handlers.post({ body: '{"email":' });

    expect(unknown.statusCode).toBe(404);
    expect(bodyOf(unknown).code).toBe('event_not_found');
    expect(emptyKey.statusCode).toBe(406);
    expect(bodyOf(emptyKey)).toMatchObject({ code: 'invalid_body' });
    expect(notJson.statusCode).toBe(406);
    expect(await h.item('who@ubc.ca', 'nope', 2026)).toBeUndefined();
    expect(await h.item('bad@ubc.ca', 'blueprint', 2026)).toBeUndefined();
  });

  test("today's readers see the same attributes: GET /registrations?email= scan and the frontend's load()", async () => {
    // Prepare
    await post(frontendBody('blueprint', 'reader@ubc.ca', 'incomplete'));

    // Act: today's `get` handler scans with `id = :query`; the frontend matches on "eventID;year".
    const out = await h.doc.send(
      new ScanCommand({
        TableName: h.tables.registrations,
        FilterExpression: 'id = :query',
        ExpressionAttributeValues: { ':query': 'reader@ubc.ca' },
      }),
    );
    const mine = out.Items?.find((r) => r['eventID;year'] === 'blueprint;2026');

    // Assess: the fields load() reads, under today's names; the packages' own are apart.
    expect(mine).toMatchObject({
      registrationStatus: 'incomplete',
      applicationStatus: '',
      isPartner: false,
      points: 0,
    });
    expect(typeof mine?.createdAt).toBe('number');
    expect(typeof mine?.updatedAt).toBe('number');
    const extra = Object.keys(mine ?? {}).filter(
      (name) => !(REGISTRATION_BOOKKEEPING as readonly string[]).includes(name),
    );
    expect(extra.sort()).toEqual(
      [
        'applicationStatus',
        'basicInformation',
        'createdAt',
        'dynamicResponses',
        'eventID;year',
        'fname',
        'id',
        'isPartner',
        'points',
        'registrationStatus',
        'studentId',
        'updatedAt',
      ].sort(),
    );
  });
});
