import { AsyncLocalStorage } from 'node:async_hooks';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { fc } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventPaymentBody, membershipBody, paidEvent, registrationBody } from './support/fixtures.ts';
import { signatureFor } from './support/signed-event.ts';
import { type Stack, startStack, WEBHOOK_SECRET } from './support/stack.ts';

/**
 * Near-valid and random bodies through the real handler on DynamoDB Local and stripe-local:
 * whatever DynamoDB or Stripe would refuse must be a 4xx (never a 5xx), and a 4xx writes nothing.
 * The fuzz of every documented route (`sim/test/fuzz.test.ts`) draws its values from the OpenAPI
 * schemas; this one pushes the write routes' values to DynamoDB's limits (numbers, map keys,
 * nesting, sizes), which the in-memory store does not have.
 *
 * `DYNAMO_FUZZ_RUNS` (default 2000) bodies per route, `DYNAMO_FUZZ_SEED` (default below) seeds
 * fast-check; the seed is printed on a failure so a run can be replayed.
 */
const RUNS = Number(process.env.DYNAMO_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.DYNAMO_FUZZ_SEED ?? 20_260_126);
/** Requests in flight at once (requests naming the same pooled record still go one at a time). */
const CONCURRENCY = Number(process.env.DYNAMO_FUZZ_CONCURRENCY ?? 4);

/** Bodies reach the schemas up to this size (the default limit of 64 KB would answer 413 first). */
const MAX_BODY_BYTES = 1_000_000;

// ---------------------------------------------------------------------------------------------
// Building blocks. Strings may carry two tokens replaced when the body is sent:
// `#ID#` → a fresh 6-character id (so every valid body is a new record), and a raw JSON number
// literal marker (JSON.parse turns `1e400` into Infinity and keeps 40-digit literals).
// ---------------------------------------------------------------------------------------------

const ID_TOKEN = '#ID#';
const RAW = '\u0001raw:';
const raw = (literal: string) => `${RAW}${literal}`;
const RAW_IN_JSON = /"\\u0001raw:([^"]*)"/g;

/** Numbers around DynamoDB's and the document client's limits, and any double. */
const edgeNumber = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.1 + 0.2,
    1e-130,
    -1e-130,
    1.5e-130,
    9.99e-131,
    1e-131,
    5e-324,
    9.99e125,
    1e126,
    -1e126,
    Number.MAX_VALUE,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 1,
    Number.MIN_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER - 1,
    1e16,
    1.2345678901234567e-100,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
);

/** JSON number literals a double cannot hold as written: overflow, underflow, 40+ digits. */
const rawNumber = fc.oneof(
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '0e5', '1E-130', '9.99E+125', '1.0E126', '1e-131'),
  fc
    .tuple(fc.stringMatching(/^[1-9]\d{20,60}$/), fc.integer({ min: -200, max: 200 }))
    .map(([digits, exp]) => raw(`${digits}e${exp}`)),
  fc.stringMatching(/^-?[1-9]\d{0,3}\.\d{30,45}$/).map(raw),
  fc.stringMatching(/^[1-9]\d{38,60}$/).map(raw),
);

const anyNumber = fc.oneof(edgeNumber, rawNumber);

/** `n` copies of `unit`, for lengths around a bound. */
const repeatAround = (bound: number) =>
  fc
    .tuple(fc.integer({ min: bound - 2, max: bound + 2 }), fc.constantFrom('a', 'é', '€', '😀'))
    .map(([n, unit]) => unit.repeat(Math.max(0, Math.ceil(n / unit.length))));

/** Text: ordinary, any code point (lone surrogates included), controls, long around bounds. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 15 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      '\ud800',
      '\udfff',
      'a\ud800b',
      '\udc00\ud800',
      '🎉🎉',
      'é',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(40, 100, 200, 255, 500, 1000, 5000).chain(repeatAround) },
);

/** Map keys: empty, unicode, lone surrogates, long. */
const anyKey = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(' ', '\ud800', 'q\udfff', '__proto__', 'constructor', 'a.b', '#') },
  { weight: 1, arbitrary: fc.constantFrom(100, 200).chain(repeatAround) },
);

/** A value nested `depth` levels deep (arrays, maps, or both), with a leaf at the bottom. */
const nested = fc
  .tuple(
    fc.integer({ min: 1, max: 40 }),
    fc.constantFrom('array', 'map', 'mixed'),
    fc.oneof(anyText, anyNumber, fc.constant(null)),
  )
  .map(([depth, kind, leaf]) => {
    let value: unknown = leaf;
    for (let i = 0; i < depth; i++) {
      const asArray = kind === 'array' || (kind === 'mixed' && i % 2 === 0);
      value = asArray ? [value] : { [`k${i}`]: value };
    }
    return value;
  });

/** An answer: the shapes the frontend sends, pushed to their edges, plus shapes it never sends. */
const answer = fc.oneof(
  { weight: 4, arbitrary: anyText },
  { weight: 4, arbitrary: anyNumber },
  { weight: 1, arbitrary: fc.oneof(fc.boolean(), fc.constant(null)) },
  { weight: 2, arbitrary: fc.array(fc.oneof(anyText, anyNumber), { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.array(anyNumber, { minLength: 99, maxLength: 101 }) },
  { weight: 2, arbitrary: nested },
  { weight: 1, arbitrary: fc.dictionary(anyKey, fc.oneof(anyText, anyNumber), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

/**
 * A form map (`basicInformation`, `dynamicResponses`) near DynamoDB's item size: `keys` answers of
 * `length` characters of `unit` (1 to 4 UTF-8 bytes), or arrays of long strings or of numbers.
 */
const largeForm = fc
  .tuple(
    fc.constantFrom(250_000, 330_000, 345_000, 355_000, 370_000, 395_000, 420_000, 600_000),
    fc.constantFrom('a', 'é', '€', '😀', 'numbers', 'list'),
  )
  .map(([targetBytes, unit]) => {
    const form: Record<string, unknown> = {};
    if (unit === 'numbers') {
      // 100 numbers of 17 significant digits per answer.
      const answerBytes = 100 * 24;
      for (let i = 0; i * answerBytes < targetBytes; i++) {
        form[`n${i}`] = Array.from({ length: 100 }, (_, j) => 1.2345678901234567 * 10 ** ((i + j) % 15));
      }
    } else if (unit === 'list') {
      const answerBytes = 100 * 1000;
      for (let i = 0; i * answerBytes < targetBytes; i++) form[`l${i}`] = Array(100).fill('x'.repeat(1000));
    } else {
      const bytesPerChar = new TextEncoder().encode(unit).length;
      const length = 5000;
      const chars = Math.floor(length / unit.length);
      const answerBytes = chars * bytesPerChar;
      for (let i = 0; i * answerBytes < targetBytes; i++) form[`q${i}`] = unit.repeat(chars);
    }
    return form;
  });

/** Emails: long (around 64-character local parts and 254 in all), upper-case, unicode, spaced. */
const anyEmail = fc.oneof(
  fc.integer({ min: 58, max: 62 }).map((n) => `${ID_TOKEN}${'a'.repeat(n)}@ubc.ca`),
  fc.integer({ min: 250, max: 258 }).map((total) => {
    // id (6) + local part to 64, then a domain of 63-character labels up to `total`.
    const local = `${ID_TOKEN}${'l'.repeat(58)}`;
    let domain = 'ubc.ca';
    while (64 + 1 + domain.length < total) {
      const room = total - (64 + 1 + domain.length) - 1;
      domain = `${'d'.repeat(Math.min(63, room))}.${domain}`;
    }
    return `${local}@${domain}`;
  }),
  fc.constantFrom(
    `${ID_TOKEN}ADA@UBC.CA`,
    `  ${ID_TOKEN}a@ubc.ca  `,
    `${ID_TOKEN}é@ubc.ca`,
    `${ID_TOKEN}\ud800@ubc.ca`,
    `${ID_TOKEN}@`,
    `${ID_TOKEN}a@b`,
    `${ID_TOKEN}a+tag@ubc.ca`,
  ),
  anyText,
);

/** Event ids: long around the schema's bound, unicode, separators, surrogates. */
const anyEventId = fc.oneof(
  anyText,
  fc.constantFrom(99, 100, 101, 200, 201).map((n) => 'e'.repeat(n)),
  fc.constantFrom('a;b', 'a/b', 'a b', 'a:b', 'é', '\ud800', '😀', 'a\u0000b', 'a\u0085b'),
);

type Edit = { path: (string | number)[]; value?: unknown; drop?: true };

const set = (path: (string | number)[], value: fc.Arbitrary<unknown>) =>
  value.map((v): Edit => ({ path, value: v }));
const drop = (path: (string | number)[]): fc.Arbitrary<Edit> => fc.constant({ path, drop: true as const });

/** Applies edits to a deep copy of a body. */
function edited(body: Record<string, unknown>, edits: Edit[]): Record<string, unknown> {
  const copy = structuredClone(body);
  for (const edit of edits) {
    let target: Record<string | number, unknown> = copy;
    for (const step of edit.path.slice(0, -1)) {
      const next = target[step];
      if (typeof next !== 'object' || next === null) target[step] = {};
      target = target[step] as Record<string | number, unknown>;
    }
    const last = edit.path[edit.path.length - 1] as string | number;
    if (edit.drop) delete target[last];
    else target[last] = edit.value;
  }
  return copy;
}

/** Extra top-level fields (stripped by the schemas) of any shape. */
const extraField = fc.tuple(anyKey, answer).map(([k, v]): Edit => ({ path: [k], value: v }));

/** A large extra field (dropped by the schemas, but parsed): about one body in forty. */
const largeExtraField = fc.tuple(anyKey, largeForm).map(([k, v]): Edit => ({ path: [k], value: v }));

// ---------------------------------------------------------------------------------------------
// One generated case: a body (as JSON text, or raw text) plus a short description for failures.
// ---------------------------------------------------------------------------------------------

interface Case {
  kind: string;
  text: string;
}

const asCase = (kind: string, text: string): Case => ({ kind, text });

/** A case as a failure report prints it: a 400 KB body is not printed whole. */
const describeCase = ({ kind, text }: Case) =>
  `${kind}: ${text.length > 600 ? `${text.slice(0, 600)}… (${text.length} chars)` : text}`;

const toText = (body: unknown) => JSON.stringify(body).replace(RAW_IN_JSON, '$1');

/** Random JSON and random text: the minority of the bodies. */
const randomBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => asCase('random-json', JSON.stringify(v))),
  fc.string({ maxLength: 200 }).map((s) => asCase('random-text', s)),
  fc.string({ unit: 'binary', maxLength: 200 }).map((s) => asCase('random-binary', s)),
  nested.map((v) => asCase('random-nested', toText(v))),
);

/** Valid body plus one or two edits (mostly), or random JSON. */
function nearValid(base: Record<string, unknown>, editArb: fc.Arbitrary<Edit>, label: string) {
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(asCase(`${label}:valid`, toText(base))) },
    {
      weight: 14,
      arbitrary: fc
        .array(editArb, { minLength: 1, maxLength: 2 })
        .map((edits) =>
          asCase(`${label}:${edits.map((e) => e.path.join('.')).join('+')}`, toText(edited(base, edits))),
        ),
    },
    { weight: 2, arbitrary: randomBody },
  );
}

// ---------------------------------------------------------------------------------------------
// The stack and what is checked after every request.
// ---------------------------------------------------------------------------------------------

let stack: Stack;
const paid = paidEvent({ id: 'fuzzpaid' });
const free = paidEvent({ id: 'fuzzfree', pricing: { members: 0, nonMembers: 0 } });
const application = paidEvent({ id: 'fuzzapp', isApplicationBased: true });
const events = [paid, free, application];
const POOL = Array.from({ length: 24 }, (_, i) => `pool${i}@ubc.ca`);
const MEMBER_POOL = Array.from({ length: 12 }, (_, i) => `user${i}@ubc.ca`);

/** What one request did: successful DynamoDB writes and Stripe session creates made on its behalf. */
interface RequestEffects {
  writes: number;
  sessionCreates: number;
}
/** Attributes writes to the request whose handler call issued them, even with several in flight. */
const requestScope = new AsyncLocalStorage<RequestEffects>();
const WRITE_COMMAND = /^(PutItem|UpdateItem|DeleteItem|TransactWriteItems|BatchWriteItem)Command$/;

beforeAll(async () => {
  stack = await startStack({ config: { maxBodyBytes: MAX_BODY_BYTES } });
  stack.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const effects = requestScope.getStore();
      if (effects !== undefined && WRITE_COMMAND.test(context.commandName ?? '')) effects.writes += 1;
      return result;
    },
    { step: 'initialize', name: 'fuzzWriteCounter' },
  );
  stack.stripe.on('response', (event: { method: string; path: string; status: number }) => {
    const effects = requestScope.getStore();
    if (
      effects !== undefined &&
      event.method === 'POST' &&
      event.path === '/v1/checkout/sessions' &&
      event.status < 300
    ) {
      effects.sessionCreates += 1;
    }
  });
  for (const event of events) await stack.seedEvent(event);
  for (const id of MEMBER_POOL) await stack.seedUser({ id, fname: 'Pool', lname: 'User' });
  // Registrations that `POST /payments` bodies pay for (free and application ones answer 409).
  for (const [i, email] of POOL.entries()) {
    const event = events[i % events.length] as (typeof events)[number];
    const res = await stack.call('POST', '/registrations', registrationBody(email, event));
    expect(res.status).toBe(201);
  }
}, 120_000);
afterAll(() => stack?.close());

interface Tally {
  bodies: number;
  statuses: Map<string, number>;
  failures: string[];
}
const tallies = new Map<string, Tally>();

/** One request through the real handler (in process, so its DynamoDB and Stripe calls can be attributed to it). */
async function send(path: string, text: string, headers: Record<string, string>) {
  const effects: RequestEffects = { writes: 0, sessionCreates: 0 };
  const response = await requestScope.run(effects, () =>
    stack.handler(
      new Request(`http://payments.test${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: text,
      }),
    ),
  );
  const answerText = await response.text();
  let code = '';
  try {
    const parsed = JSON.parse(answerText);
    code = parsed?.error?.code ?? parsed?.outcome ?? '';
  } catch {
    // not JSON
  }
  return {
    status: response.status,
    code,
    answerText,
    effects,
    requestId: response.headers.get('x-request-id'),
  };
}

/**
 * Runs tasks `concurrency` at a time, but tasks sharing a key (a pooled registration or user)
 * one after another in generation order, so the outcome for a record never depends on a race.
 */
async function runPool<T>(
  items: T[],
  concurrency: number,
  keysOf: (item: T) => string[],
  run: (item: T, index: number) => Promise<void>,
) {
  const tails = new Map<string, Promise<void>>();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index] as T;
      const keys = keysOf(item);
      const previous = keys.map((k) => tails.get(k) ?? Promise.resolve());
      let release = () => {};
      const done = new Promise<void>((resolve) => {
        release = resolve;
      });
      for (const k of keys) tails.set(k, done);
      try {
        await Promise.all(previous);
        await run(item, index);
      } finally {
        release();
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const POOLED = /\b(?:pool|user)\d+@ubc\.ca\b/gi;

/**
 * Generates `RUNS` cases with fast-check (seed `SEED`), sends each, and checks: no 5xx; a 4xx
 * wrote nothing to DynamoDB and created no Stripe session; a 400 `invalid_body` names an issue.
 */
async function fuzzRoute(
  route: string,
  arb: fc.Arbitrary<Case>,
  headersOf: (text: string) => Record<string, string> = () => ({}),
): Promise<Tally> {
  const tally: Tally = { bodies: 0, statuses: new Map(), failures: [] };
  tallies.set(route, tally);
  const prefix = route.endsWith('webhook') ? 'w' : route.slice(1, 2);
  const cases = fc.sample(arb, { numRuns: RUNS, seed: SEED }).map((c, i) => ({
    ...c,
    // A fresh id per case, so a valid body is always a new record.
    text: c.text.replaceAll(ID_TOKEN, `${prefix}${i.toString(36).padStart(5, '0')}`),
  }));
  const started = Date.now();
  await runPool(
    cases,
    CONCURRENCY,
    (c) => [...new Set((c.text.match(POOLED) ?? []).map((m) => m.toLowerCase()))],
    async (generated, index) => {
      const { status, code, answerText, effects, requestId } = await send(
        route,
        generated.text,
        headersOf(generated.text),
      );
      tally.bodies += 1;
      const key = `${status}${code ? ` ${code}` : ''}`;
      tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
      const problem =
        status >= 500
          ? `answered ${status}`
          : status >= 400 && effects.writes > 0
            ? `answered ${status} but wrote ${effects.writes} time(s)`
            : status >= 400 && effects.sessionCreates > 0
              ? `answered ${status} but created a Stripe session`
              : code === 'invalid_body' && !/"issues":\[\{/.test(answerText)
                ? 'answered invalid_body without issues'
                : status === 201 && effects.writes === 0
                  ? 'answered 201 but no write was seen (the write counter is broken)'
                  : undefined;
      if (problem !== undefined) {
        // The server's own account of what went wrong (its error log lines for this request).
        const logged = stack.logs.entries
          .filter((e) => e.requestId === requestId && e.level !== 'info' && typeof e.route !== 'string')
          .map((e) => JSON.stringify(e).slice(0, 400));
        tally.failures.push(
          `#${index} ${describeCase(generated)}\n    → ${problem}: ${answerText.slice(0, 300)}${logged.map((l) => `\n    log: ${l}`).join('')}`,
        );
      }
    },
  );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const statuses = [...tally.statuses.entries()].sort(([a], [b]) => a.localeCompare(b));
  console.log(
    `[dynamo-fuzz] ${route}: ${tally.bodies} bodies in ${seconds} s (seed ${SEED}, ${CONCURRENCY} in flight); ${statuses
      .map(([k, n]) => `${k} ×${n}`)
      .join(', ')}`,
  );
  if (tally.failures.length > 0) {
    console.log(
      `[dynamo-fuzz] ${route}: ${tally.failures.length} failure(s); replay with DYNAMO_FUZZ_SEED=${SEED} DYNAMO_FUZZ_RUNS=${RUNS}:\n${tally.failures.slice(0, 40).join('\n')}`,
    );
  }
  return tally;
}

// ---------------------------------------------------------------------------------------------
// The routes.
// ---------------------------------------------------------------------------------------------

const registrationEdits: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: set(['dynamicResponses', 'q1'], answer) },
  { weight: 2, arbitrary: set(['dynamicResponses', 'q2', 0], fc.oneof(anyNumber, anyText)) },
  {
    weight: 2,
    arbitrary: fc.tuple(anyKey, answer).map(([k, v]) => ({ path: ['dynamicResponses', k], value: v })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(anyKey, answer).map(([k, v]) => ({ path: ['basicInformation', k], value: v })),
  },
  { weight: 2, arbitrary: set(['basicInformation', 'gender', 0], fc.oneof(anyNumber, anyText)) },
  { weight: 1, arbitrary: set(['dynamicResponses'], answer) },
  { weight: 1, arbitrary: set(['basicInformation'], answer) },
  {
    weight: 1,
    arbitrary: fc.oneof(set(['dynamicResponses'], largeForm), set(['basicInformation'], largeForm)),
  },
  { weight: 2, arbitrary: set(['email'], anyEmail) },
  { weight: 1, arbitrary: set(['eventID'], anyEventId) },
  {
    weight: 1,
    arbitrary: set(['year'], fc.oneof(anyNumber, fc.constantFrom('2026', '1999', '2026.0', ' 2026'))),
  },
  { weight: 1, arbitrary: set(['fname'], anyText) },
  { weight: 1, arbitrary: set(['studentId'], fc.oneof(anyNumber, anyText)) },
  { weight: 1, arbitrary: set(['points'], anyNumber) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      set(['isPartner'], fc.oneof(fc.boolean(), anyText)),
      set(['registrationStatus'], anyText),
      set(['applicationStatus'], anyText),
    ),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom('fname', 'basicInformation', 'dynamicResponses', 'email')
      .map((k) => ({ path: [k], drop: true as const })),
  },
  { weight: 1, arbitrary: extraField },
);

const registrationCases = fc
  .constantFrom(...events)
  .chain((event) =>
    nearValid(registrationBody(`${ID_TOKEN}@ubc.ca`, event), registrationEdits, `registration/${event.id}`),
  );

const membershipEdits = (type: string): fc.Arbitrary<Edit> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom(
            'fname',
            'lname',
            'education',
            'faculty',
            'major',
            'year',
            'pronouns',
            'diet',
            'gender',
            'heard_from',
            'referral',
            'university',
            'high_school',
            'student_number',
            'paymentName',
          ),
          fc.oneof(anyText, anyNumber),
        )
        .map(([k, v]) => ({ path: [k], value: v })),
    },
    { weight: 2, arbitrary: set(['email'], anyEmail) },
    {
      weight: 2,
      arbitrary: set(
        ['topics'],
        fc.oneof(
          anyText,
          fc.array(anyText, { maxLength: 60 }),
          fc.constantFrom(1000, 2000).chain(repeatAround),
        ),
      ),
    },
    { weight: 1, arbitrary: set(['paymentImages'], fc.oneof(fc.array(anyText, { maxLength: 10 }), answer)) },
    {
      weight: 1,
      arbitrary: set(['success_url'], fc.oneof(anyText, fc.constant('http://localhost:3000/é?x=\ud800'))),
    },
    {
      weight: 1,
      arbitrary: set(['cancel_url'], fc.oneof(anyText, fc.constantFrom(2000, 2001).chain(repeatAround))),
    },
    { weight: 1, arbitrary: set(['prev_member'], fc.oneof(fc.boolean(), anyText)) },
    {
      weight: 1,
      arbitrary: set(['paymentType'], fc.constantFrom('Member', 'UserMember', 'OAuthMember', 'Event', '')),
    },
    ...(type === 'UserMember' ? [{ weight: 1, arbitrary: set(['password'], anyText) }] : []),
    { weight: 1, arbitrary: drop(['lname']) },
    {
      weight: 1,
      arbitrary: fc.oneof({ weight: 2, arbitrary: extraField }, { weight: 1, arbitrary: largeExtraField }),
    },
  );

const eventPaymentEdits: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 2,
    arbitrary: set(['email'], fc.oneof(anyEmail, fc.constantFrom(...POOL.map((e) => e.toUpperCase())))),
  },
  {
    weight: 2,
    arbitrary: set(['eventID'], fc.oneof(anyEventId, fc.constantFrom(...events.map((e) => e.id)))),
  },
  { weight: 1, arbitrary: set(['year'], fc.oneof(anyNumber, fc.constantFrom('2026', '2027'))) },
  { weight: 2, arbitrary: set(['fname'], anyText) },
  {
    weight: 2,
    arbitrary: set(['success_url'], fc.oneof(anyText, fc.constantFrom(1999, 2000, 2001).chain(repeatAround))),
  },
  { weight: 1, arbitrary: set(['cancel_url'], anyText) },
  { weight: 1, arbitrary: set(['paymentName'], anyText) },
  { weight: 1, arbitrary: set(['paymentImages'], fc.oneof(fc.array(anyText, { maxLength: 10 }), answer)) },
  {
    weight: 1,
    arbitrary: fc.oneof({ weight: 2, arbitrary: extraField }, { weight: 1, arbitrary: largeExtraField }),
  },
);

const paymentCases = fc.oneof(
  fc
    .integer({ min: 0, max: POOL.length - 1 })
    .chain((i) =>
      nearValid(
        eventPaymentBody(POOL[i] as string, events[i % events.length] as (typeof events)[number]),
        eventPaymentEdits,
        'payment/Event',
      ),
    ),
  fc.constantFrom('Member', 'UserMember', 'OAuthMember').chain((type) => {
    const email = type === 'Member' ? fc.constantFrom(...MEMBER_POOL) : fc.constant(`${ID_TOKEN}@ubc.ca`);
    return email.chain((e) =>
      nearValid(
        membershipBody(
          e,
          type as 'Member' | 'UserMember' | 'OAuthMember',
          type === 'UserMember' ? { password: 'long-enough-pass' } : {},
        ),
        membershipEdits(type),
        `payment/${type}`,
      ),
    );
  }),
);

const SESSION_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;

/** A checkout session object as Stripe sends it, naming a registration or membership of the pool. */
const sessionObject = fc
  .tuple(
    fc.constantFrom(...POOL, ...MEMBER_POOL),
    fc.constantFrom('paid', 'unpaid', 'no_payment_required'),
    fc.oneof(fc.constantFrom(1999, 1000, 1200, 1500, 0), fc.nat()),
    fc.string({ minLength: 4, maxLength: 12 }),
  )
  .map(([email, paymentStatus, amount, suffix]) => ({
    id: `cs_test_${suffix}`,
    object: 'checkout.session',
    status: 'complete',
    payment_status: paymentStatus,
    amount_subtotal: amount,
    amount_total: amount,
    currency: 'cad',
    metadata: email.startsWith('pool')
      ? { paymentType: 'Event', email, eventID: paid.id, year: '2026', attempt: '1' }
      : { paymentType: 'Member', email, membershipYear: '2026', attempt: '1' },
    client_reference_id: `registration:${email}:${paid.id}:2026`,
    payment_intent: `pi_${suffix}`,
    total_details: { amount_discount: 0 },
    expires_at: 1_900_000_000,
  }));

const chargeObject = fc
  .tuple(fc.nat(), fc.string({ minLength: 4, maxLength: 12 }))
  .map(([amount, suffix]) => ({
    id: `ch_${suffix}`,
    object: 'charge',
    payment_intent: `pi_${suffix}`,
    amount: 1999,
    amount_captured: 1999,
    amount_refunded: amount,
    currency: 'cad',
    metadata: { paymentType: 'Event', email: POOL[0], eventID: paid.id, year: '2026', attempt: '1' },
  }));

const objectEdits: fc.Arbitrary<Edit> = fc.oneof(
  set(['metadata', 'email'], fc.oneof(anyEmail, fc.constantFrom(300, 500, 501, 3000).chain(repeatAround))),
  set(['metadata', 'eventID'], fc.oneof(anyEventId, fc.constantFrom(500, 3000).chain(repeatAround))),
  set(
    ['metadata', 'year'],
    fc.oneof(anyText, anyNumber, fc.constantFrom('99999999999999999999', '0', '2026')),
  ),
  set(['metadata', 'membershipYear'], fc.oneof(anyText, fc.constantFrom('99999999999999999999', '1e400'))),
  set(
    ['metadata', 'attempt'],
    fc.oneof(anyText, fc.constantFrom('99999999999999999999', '123456789012345678')),
  ),
  set(['metadata', 'paymentType'], fc.constantFrom('Event', 'Member', 'UserMember', 'OAuthMember', '', 'x')),
  set(['metadata'], fc.oneof(fc.dictionary(anyKey, anyText, { maxKeys: 5 }), fc.constant(null))),
  set(
    ['id'],
    fc.oneof(
      anyText,
      fc
        .constantFrom(254, 255, 256)
        .chain(repeatAround)
        .map((s) => `cs_${s}`),
    ),
  ),
  set(
    ['payment_intent'],
    fc.oneof(anyText, fc.constant(null), fc.constantFrom(255, 256).chain(repeatAround)),
  ),
  set(['amount_subtotal'], anyNumber),
  set(['amount_total'], anyNumber),
  set(['amount_refunded'], anyNumber),
  set(['amount_captured'], anyNumber),
  set(['currency'], anyText),
  set(['total_details', 'amount_discount'], anyNumber),
  set(['expires_at'], anyNumber),
  set(['client_reference_id'], anyText),
  extraField,
);

const envelopeEdits: fc.Arbitrary<Edit> = fc.oneof(
  set(
    ['id'],
    fc.oneof(
      anyText,
      fc
        .constantFrom(254, 255, 256)
        .chain(repeatAround)
        .map((s) => `evt_${s}`),
    ),
  ),
  set(['created'], anyNumber),
  set(['type'], fc.oneof(anyText, fc.constantFrom(...SESSION_TYPES, 'charge.refunded', 'invoice.paid'))),
  extraField,
);

const webhookCases = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.oneof(
          { weight: 4, arbitrary: fc.tuple(fc.constantFrom(...SESSION_TYPES), sessionObject) },
          { weight: 1, arbitrary: fc.tuple(fc.constant('charge.refunded'), chargeObject) },
        ),
        fc.string({ minLength: 6, maxLength: 16 }),
        fc.array(objectEdits, { maxLength: 2 }),
        fc.array(envelopeEdits, { maxLength: 1 }),
      )
      .map(([[type, object], suffix, objEdits, envEdits]) => {
        const event = {
          id: `evt_${suffix}`,
          object: 'event',
          type,
          created: 1_800_000_000,
          data: { object: edited(object, objEdits) },
        };
        const label = [
          ...objEdits.map((e) => `object.${e.path.join('.')}`),
          ...envEdits.map((e) => e.path.join('.')),
        ];
        return asCase(`webhook/${type}:${label.join('+') || 'valid'}`, toText(edited(event, envEdits)));
      }),
  },
  { weight: 2, arbitrary: randomBody },
);

describe('bodies DynamoDB or Stripe would refuse are 4xx on DynamoDB Local, and a 4xx writes nothing', () => {
  it(`POST /registrations: ${RUNS} bodies`, async () => {
    const tally = await fuzzRoute('/registrations', registrationCases);
    expect(tally.failures, `failures with seed ${SEED}`).toEqual([]);
    expect(tally.bodies).toBe(RUNS);
  }, 600_000);

  it(`POST /payments: ${RUNS} bodies`, async () => {
    const tally = await fuzzRoute('/payments', paymentCases);
    expect(tally.failures, `failures with seed ${SEED}`).toEqual([]);
    expect(tally.bodies).toBe(RUNS);
  }, 600_000);

  it(`POST /payments/webhook: ${RUNS} signed events`, async () => {
    const tally = await fuzzRoute('/payments/webhook', webhookCases, (text) => ({
      'stripe-signature': signatureFor(
        stack.stripe,
        text,
        WEBHOOK_SECRET,
        Math.floor(stack.clock.now() / 1000),
      ),
    }));
    expect(tally.failures, `failures with seed ${SEED}`).toEqual([]);
    expect(tally.bodies).toBe(RUNS);
  }, 600_000);

  it('the registrations table holds the pool plus one item per 201, nothing more', async () => {
    const created = tallies.get('/registrations')?.statuses.get('201') ?? 0;
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const page = await stack.doc.send(
        new ScanCommand({
          TableName: stack.tables.registrations,
          Select: 'COUNT',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      count += page.Count ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
    expect(count).toBe(POOL.length + created);
  });
});
