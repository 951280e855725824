import { createHash } from 'node:crypto';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  type CheckoutReference,
  checkoutMetadata,
  clientReferenceId,
  parseCheckoutMetadata,
  readableReference,
  STRIPE_ID_LIMITS,
  STRIPE_METADATA_LIMITS,
} from '../src/checkout/metadata.ts';
import { checkoutIdempotencyKey } from '../src/checkout/session-params.ts';
import {
  INPUT_BOUNDS,
  isWellFormedText,
  measureStored,
  numberProblem,
  utf8ByteLength,
} from '../src/schemas/bounds.ts';
import { emailSchema, eventIdSchema } from '../src/schemas/common.ts';
import { paymentRequestSchema } from '../src/schemas/payment-request.ts';
import { registrationRequestSchema } from '../src/schemas/registration-request.ts';

const NUM_RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const regForPaid = {
  email: 'ada@ubc.ca',
  fname: 'Ada',
  studentId: 12345678,
  eventID: 'blueprint',
  year: 2026,
  registrationStatus: 'incomplete',
  isPartner: false,
  points: 0,
  basicInformation: { fname: 'Ada', lname: 'Lovelace', gender: ['She/Her'], year: '3rd Year' },
  dynamicResponses: { q1: 'Because', q2: ['a', 'b'] },
  applicationStatus: '',
};

/** The issues of a refused body as the HTTP adapter reports them: path and message. */
function issuesOf(schema: typeof registrationRequestSchema | typeof paymentRequestSchema, body: unknown) {
  const parsed = schema.safeParse(body);
  expect(parsed.success).toBe(false);
  return parsed.error?.issues.map((i) => ({ path: i.path, message: i.message })) ?? [];
}

describe('numbers DynamoDB can store through the document client', () => {
  test('0, its range ends and ordinary decimals pass', () => {
    for (const n of [0, -0, 1, -1, 0.1 + 0.2, 1e-130, -1e-130, 1.5e-130, Number.MAX_SAFE_INTEGER, 19.99]) {
      expect(numberProblem(n), String(n)).toBeUndefined();
    }
  });
  test('underflow, overflow past 2^53 - 1, and non-finite numbers are refused', () => {
    for (const n of [
      1e-131,
      9.99e-131,
      5e-324,
      -5e-324,
      Number.MAX_SAFE_INTEGER + 1,
      1e16,
      9.99e125,
      1e126,
    ]) {
      expect(numberProblem(n), String(n)).toBeDefined();
    }
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(numberProblem(n)).toBe('must be a finite number');
    }
  });
  test.prop([fc.double({ noNaN: true })], { numRuns: NUM_RUNS })(
    'a number passes exactly when it is 0 or within [1e-130, 2^53 - 1] in magnitude',
    (n) => {
      const magnitude = Math.abs(n);
      const storable = n === 0 || (magnitude >= 1e-130 && magnitude <= Number.MAX_SAFE_INTEGER);
      expect(numberProblem(n) === undefined).toBe(storable);
    },
  );
});

describe('text and byte counts', () => {
  test.prop([fc.string({ unit: 'binary', maxLength: 40 })], { numRuns: NUM_RUNS })(
    'utf8ByteLength matches Buffer.byteLength, lone surrogates included',
    (s) => {
      expect(utf8ByteLength(s)).toBe(Buffer.byteLength(s, 'utf8'));
    },
  );
  test.prop([fc.string({ unit: 'binary', maxLength: 40 })], { numRuns: NUM_RUNS })(
    'isWellFormedText is true exactly when the text survives a UTF-8 round trip',
    (s) => {
      expect(isWellFormedText(s)).toBe(Buffer.from(s, 'utf8').toString('utf8') === s);
    },
  );
});

describe('POST /registrations: the form is held to what DynamoDB stores', () => {
  test("today's frontend body passes unchanged", () => {
    expect(registrationRequestSchema.parse(regForPaid)).toMatchObject({
      basicInformation: regForPaid.basicInformation,
      dynamicResponses: regForPaid.dynamicResponses,
    });
  });

  test('an empty map key is a field issue at every map', () => {
    expect(issuesOf(registrationRequestSchema, { ...regForPaid, basicInformation: { '': 'x' } })).toEqual([
      { path: ['basicInformation', ''], message: expect.stringMatching(/must not be empty/) },
    ]);
    expect(
      issuesOf(registrationRequestSchema, { ...regForPaid, dynamicResponses: { q1: 'a', '': 1 } }),
    ).toEqual([{ path: ['dynamicResponses', ''], message: expect.stringMatching(/must not be empty/) }]);
  });

  test('a "constructor" key, which the document client takes for a class instance, is a field issue', () => {
    expect(
      issuesOf(registrationRequestSchema, { ...regForPaid, dynamicResponses: { constructor: 'x' } }),
    ).toEqual([{ path: ['dynamicResponses', 'constructor'], message: expect.stringMatching(/constructor/) }]);
    // An own `__proto__` key from JSON is dropped, never stored.
    const parsed = registrationRequestSchema.parse({
      ...regForPaid,
      dynamicResponses: JSON.parse('{"__proto__":["x"],"q1":"a"}'),
    });
    expect(Object.keys(parsed.dynamicResponses ?? {})).toEqual(['q1']);
    expect(Object.getPrototypeOf(parsed.dynamicResponses)).toBe(Object.prototype);
  });

  test('numbers DynamoDB refuses are field issues, in answers and in answer lists', () => {
    expect(issuesOf(registrationRequestSchema, { ...regForPaid, dynamicResponses: { q1: 1e-131 } })).toEqual([
      { path: ['dynamicResponses', 'q1'], message: 'must be 0 or at least 1e-130 in magnitude' },
    ]);
    expect(
      issuesOf(registrationRequestSchema, { ...regForPaid, basicInformation: { year: [1, 3.6e23] } }),
    ).toEqual([
      { path: ['basicInformation', 'year', 1], message: expect.stringMatching(/at most 9007199254740991/) },
    ]);
    // `1e400` in JSON text parses to Infinity.
    expect(
      registrationRequestSchema.safeParse(
        JSON.parse('{"email":"a@ubc.ca","eventID":"e","year":2026,"points":1e400}'),
      ).success,
    ).toBe(false);
  });

  test('lone surrogates in stored text or keys are field issues', () => {
    expect(issuesOf(registrationRequestSchema, { ...regForPaid, fname: 'A\ud800' })[0]?.path).toEqual([
      'fname',
    ]);
    expect(
      issuesOf(registrationRequestSchema, { ...regForPaid, dynamicResponses: { q1: ['\udc00'] } })[0]?.path,
    ).toEqual(['dynamicResponses', 'q1', 0]);
    expect(issuesOf(registrationRequestSchema, { ...regForPaid, eventID: 'blue\ud800' })[0]?.path).toEqual([
      'eventID',
    ]);
  });

  test('a form over the stored-size bound is refused on its largest field; UTF-8 bytes count, not characters', () => {
    // 20 answers of 5,000 three-byte characters: 300,000 bytes, under the bound.
    const answers = (n: number) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`q${i}`, '€'.repeat(5000)]));
    expect(
      registrationRequestSchema.safeParse({ ...regForPaid, dynamicResponses: answers(20) }).success,
    ).toBe(true);
    // 25 of them: 375,000 bytes (only 125,000 characters).
    const issues = issuesOf(registrationRequestSchema, { ...regForPaid, dynamicResponses: answers(25) });
    expect(issues).toEqual([
      { path: ['dynamicResponses'], message: expect.stringMatching(/limit is 358400/) },
    ]);
  });
});

describe('POST /payments: stored membership forms and redirect URLs', () => {
  const member = {
    paymentType: 'OAuthMember',
    email: 'grace@ubc.ca',
    fname: 'Grace',
    lname: 'Hopper',
    education: 'UBC',
    topics: 'AI,Fintech',
  };
  test('valid bodies pass; lone surrogates in form text, topics or a redirect URL are field issues', () => {
    expect(paymentRequestSchema.safeParse(member).success).toBe(true);
    expect(issuesOf(paymentRequestSchema, { ...member, major: 'CS\ud800' })[0]?.path).toEqual(['major']);
    expect(issuesOf(paymentRequestSchema, { ...member, topics: 'AI,\udfff' })[0]?.path).toEqual(['topics']);
    expect(
      issuesOf(paymentRequestSchema, { ...member, success_url: 'http://localhost:3000/?x=\ud800' })[0]?.path,
    ).toEqual(['success_url']);
  });
});

describe('measureStored', () => {
  test('follows DynamoDB sizes: names and strings in UTF-8 bytes, lists and maps 3 + 1 per element', () => {
    expect(measureStored({ a: 'xyz' }).bytes).toBe(1 + 3);
    expect(measureStored({ é: true }).bytes).toBe(2 + 1);
    expect(measureStored({ l: ['ab', null] }).bytes).toBe(1 + 3 + (1 + 2) + (1 + 1));
    expect(measureStored({ m: { k: 'v' } }).bytes).toBe(1 + 3 + (1 + 1 + 1));
    expect(measureStored({ u: undefined }).bytes).toBe(0);
  });
  test('nesting deeper than the bound is reported with its path', () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : [nest(depth - 1)]);
    expect(measureStored({ f: nest(INPUT_BOUNDS.maxDepth) }).tooDeepAt).toBeUndefined();
    expect(measureStored({ f: nest(INPUT_BOUNDS.maxDepth + 1) }).tooDeepAt).toEqual([
      'f',
      ...Array(INPUT_BOUNDS.maxDepth).fill(0),
    ]);
  });
  test.prop([fc.dictionary(fc.string({ minLength: 1 }), fc.jsonValue({ maxDepth: 4 }))], {
    numRuns: NUM_RUNS,
  })('is at least the UTF-8 bytes of every string and key the value holds', (value) => {
    let floor = 0;
    JSON.stringify(value, (key, v) => {
      floor += Buffer.byteLength(key);
      if (typeof v === 'string') floor += Buffer.byteLength(v);
      return v;
    });
    expect(measureStored(value).bytes).toBeGreaterThanOrEqual(floor);
  });
});

/** A valid email of 3 to 254 characters: a local part up to 64, then labels up to 63. */
const legalEmail = fc
  .tuple(
    fc.integer({ min: 1, max: 64 }),
    fc.array(fc.integer({ min: 1, max: 63 }), { minLength: 1, maxLength: 4 }),
    fc.constantFrom('a', '0', '_'),
  )
  .map(
    ([local, labels, ch]) =>
      `${ch.repeat(local).replace(/^_/, 'a')}@${labels.map((n) => 'd'.repeat(n)).join('.')}.ca`,
  )
  .filter((email) => email.length <= INPUT_BOUNDS.maxEmailLength && emailSchema.safeParse(email).success);

/** The longest legal emails: exactly 254 characters. */
const longestEmail = fc.integer({ min: 1, max: 64 }).map((local) => {
  let remaining = INPUT_BOUNDS.maxEmailLength - local - 1 - 2; // the domain, minus a `ca` top level
  let tld = 'ca';
  if (remaining % 64 === 1) {
    // A label needs at least 2 characters with its dot: lengthen the top level instead.
    tld = 'cab';
    remaining -= 1;
  }
  const labels: string[] = [];
  while (remaining > 0) {
    const n = Math.min(63, remaining - 1);
    labels.push('d'.repeat(n));
    remaining -= n + 1;
  }
  return `${'a'.repeat(local)}@${[...labels, tld].join('.')}`;
});

/** Event ids the schema accepts, up to its bound, in any script. */
const legalEventId = fc
  .string({
    unit: fc.constantFrom('a', 'Z', '9', '-', '_', '.', ':', 'é', '€', '😀', '中'),
    minLength: 1,
    maxLength: INPUT_BOUNDS.maxEventIdLength,
  })
  .filter((id) => eventIdSchema.safeParse(id).success);

const reference = fc.oneof(
  fc
    .record({
      email: fc.oneof(legalEmail, longestEmail),
      eventID: fc.oneof(legalEventId, fc.constant('e'.repeat(INPUT_BOUNDS.maxEventIdLength))),
      year: fc.integer({ min: 2000, max: 2200 }),
      attempt: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .map((r): CheckoutReference => ({ kind: 'registration', ...r })),
  fc
    .record({
      email: fc.oneof(legalEmail, longestEmail),
      membershipYear: fc.integer({ min: 2000, max: 2200 }),
      paymentType: fc.constantFrom('Member' as const, 'UserMember' as const, 'OAuthMember' as const),
      attempt: fc.integer({ min: 0, max: 1_000_000 }),
    })
    .map((r): CheckoutReference => ({ kind: 'membership', ...r })),
);

describe("the longest legal identifiers fit Stripe's limits", () => {
  test('the generators reach the bounds: 254-character emails and 100-character event ids are legal', () => {
    for (const email of fc.sample(longestEmail, 64)) {
      expect(email).toHaveLength(INPUT_BOUNDS.maxEmailLength);
      expect(emailSchema.parse(email)).toBe(email);
    }
    expect(eventIdSchema.parse('e'.repeat(INPUT_BOUNDS.maxEventIdLength))).toHaveLength(100);
    expect(
      emailSchema.safeParse(`a${'a'.repeat(63)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(59)}.ca`)
        .success,
    ).toBe(false);
  });

  test.prop([reference], { numRuns: NUM_RUNS })(
    'metadata, client_reference_id and Idempotency-Key fit, and the metadata still finds the record',
    (ref) => {
      expect(emailSchema.parse(ref.email)).toBe(ref.email);
      expect(ref.email.length).toBeLessThanOrEqual(INPUT_BOUNDS.maxEmailLength);
      const metadata = checkoutMetadata(ref);
      expect(Object.keys(metadata).length).toBeLessThanOrEqual(STRIPE_METADATA_LIMITS.maxKeys);
      for (const [key, value] of Object.entries(metadata)) {
        expect(key.length).toBeLessThanOrEqual(STRIPE_METADATA_LIMITS.maxKeyLength);
        expect(value.length).toBeLessThanOrEqual(STRIPE_METADATA_LIMITS.maxValueLength);
      }
      expect(parseCheckoutMetadata(metadata, 1999)).toEqual(ref);

      const clientReference = clientReferenceId(ref);
      expect(utf8ByteLength(clientReference)).toBeLessThanOrEqual(STRIPE_ID_LIMITS.clientReferenceId);
      const key = checkoutIdempotencyKey(ref);
      // The gateway may append `:<expires_at seconds>` when it retries under a fresh key.
      expect(`${key}:${2 ** 40}`.length).toBeLessThanOrEqual(STRIPE_ID_LIMITS.idempotencyKey);
      expect(key).toMatch(/^[\x20-\x7e]+$/);
      expect(checkoutIdempotencyKey({ ...ref, attempt: ref.attempt + 1 })).not.toBe(key);
    },
  );

  test.prop([reference], { numRuns: NUM_RUNS })(
    "short identifiers keep today's ids; long ones get the SHA-256 digest of the readable reference",
    (ref) => {
      const readable = readableReference(ref);
      const digest = createHash('sha256').update(readable, 'utf8').digest('hex');
      const clientReference = clientReferenceId(ref);
      if (utf8ByteLength(readable) <= STRIPE_ID_LIMITS.clientReferenceId)
        expect(clientReference).toBe(readable);
      else expect(clientReference).toBe(`${ref.kind}:sha256:${digest}`);
      const todaysKey = `checkout:${readable}:${ref.attempt}`;
      const key = checkoutIdempotencyKey(ref);
      if (todaysKey.length <= 239 && /^[\x20-\x7e]+$/.test(todaysKey)) expect(key).toBe(todaysKey);
      else expect(key).toBe(`checkout:${ref.kind}:sha256:${digest}:${ref.attempt}`);
    },
  );

  test("today's ids are unchanged; the pure SHA-256 matches node:crypto at every padding length", () => {
    const reg: CheckoutReference = {
      kind: 'registration',
      email: 'ada@ubc.ca',
      eventID: 'blueprint',
      year: 2026,
      attempt: 2,
    };
    expect(clientReferenceId(reg)).toBe('registration:ada@ubc.ca:blueprint:2026');
    expect(checkoutIdempotencyKey(reg)).toBe('checkout:registration:ada@ubc.ca:blueprint:2026:2');
    // 64 consecutive lengths over 200 bytes: every case of SHA-256's padding (length mod 64).
    const email = `${'a'.repeat(64)}@${'d'.repeat(63)}.${'d'.repeat(63)}.${'d'.repeat(58)}.ca`;
    expect(emailSchema.parse(email)).toBe(email);
    for (let n = 1; n <= 64; n++) {
      const long: CheckoutReference = { ...reg, email, eventID: 'e'.repeat(n) };
      const expected = createHash('sha256').update(readableReference(long)).digest('hex');
      expect(clientReferenceId(long)).toBe(`registration:sha256:${expected}`);
    }
  });
});
