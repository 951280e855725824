import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { membershipBody, registrationBody } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
let itemsBefore: number;
beforeAll(async () => {
  // No events and no users are seeded: even a body that happens to be valid cannot write.
  stack = await startStack();
  await stack.seedUser({ id: 'member@ubc.ca', isMember: true });
  itemsBefore = (await stack.scanEverything()).length;
});
afterAll(() => stack.close());

/** A value no required field accepts: wrong kinds, out-of-range numbers, empty or oversized text. */
const wrongValue = fc.oneof(
  fc.integer({ min: 10_000 }),
  fc.integer({ max: -1 }),
  fc.double({ min: 0.1, max: 0.9, noNaN: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
  fc.constant('x'.repeat(5_001)),
  fc.constant(''),
);

/** A valid body with one required field broken (dropped or of the wrong kind). */
function broken(valid: Record<string, unknown>, required: string[]) {
  return fc
    .tuple(
      fc.constantFrom(...required),
      fc.option(wrongValue, { nil: undefined }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    )
    .map(([field, value, extra]) => {
      const body: Record<string, unknown> = { ...extra, ...valid };
      if (value === undefined) delete body[field];
      else body[field] = value;
      return JSON.stringify(body);
    });
}

const anyText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

const registration = broken(registrationBody('fuzz@ubc.ca', { id: 'fuzz', year: 2026 }), [
  'email',
  'eventID',
  'year',
]);
const eventPayment = broken({ paymentType: 'Event', email: 'fuzz@ubc.ca', eventID: 'fuzz', year: 2026 }, [
  'paymentType',
  'email',
  'eventID',
  'year',
]);
const membership = broken(membershipBody('fuzz@ubc.ca', 'UserMember', { password: 'long-enough-pass' }), [
  'email',
  'fname',
  'lname',
  'education',
  'password',
  'paymentType',
]);

async function postRaw(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}

const isClientError = (status: number) => status >= 400 && status < 500;

describe('malformed bodies only ever get a 4xx and write nothing', () => {
  test.prop([fc.oneof(registration, anyText)], { numRuns: 200 })('POST /registrations', async (body) => {
    expect(isClientError(await postRaw('/registrations', body))).toBe(true);
  });

  test.prop([fc.oneof(eventPayment, membership, anyText)], { numRuns: 200 })(
    'POST /payments',
    async (body) => {
      expect(isClientError(await postRaw('/payments', body))).toBe(true);
    },
  );

  test.prop([anyText, fc.option(fc.string({ maxLength: 120 }), { nil: undefined })], { numRuns: 200 })(
    'POST /payments/webhook',
    async (body, signature) => {
      const status = await postRaw(
        '/payments/webhook',
        body,
        signature === undefined ? {} : { 'stripe-signature': signature },
      );
      expect(status).toBe(400);
    },
  );

  test.prop([anyText, fc.option(fc.string({ maxLength: 120 }), { nil: undefined })], { numRuns: 200 })(
    'POST /payments/cancel',
    async (body, signature) => {
      const status = await postRaw(
        '/payments/cancel',
        body,
        signature === undefined ? {} : { 'stripe-signature': signature },
      );
      expect(status).toBe(400);
    },
  );

  test('and the tables hold exactly what they held before', async () => {
    expect((await stack.scanEverything()).length).toBe(itemsBefore);
    expect(stack.local.sessions()).toEqual([]);
  });
});
