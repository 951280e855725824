import { fc, test } from '@fast-check/vitest';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { type AdminPool, startAdminPool } from './support/cognito-tokens.ts';
import { paidEvent, registrationBody } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Random and near-valid admin bodies, path parameters and queries, with a real admin's token,
 * through the handler on DynamoDB Local: whatever the stores or Stripe would refuse is a 4xx,
 * never a 5xx. `ADMIN_FUZZ_RUNS` (default 150) cases per property.
 */
const RUNS = Number(process.env.ADMIN_FUZZ_RUNS ?? 150);

let pool: AdminPool;
let stack: Stack;
let token: string;
const event = paidEvent({ capac: 3 });
const email = 'fuzzed@ubc.ca';

beforeAll(async () => {
  pool = await startAdminPool();
  stack = await startStack({ tokens: pool.verifier() });
  token = (await pool.user('lead@example.org', { groups: ['admin'] })).idToken;
  await stack.seedEvent(event);
  expect((await stack.call('POST', '/registrations', registrationBody(email, event))).status).toBe(201);
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await pool?.stop();
});

async function send(method: string, path: string, body?: string) {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
  });
  await response.arrayBuffer();
  return response.status;
}

const isRefusalOrSuccess = (status: number) => status >= 200 && status < 500;

/** Any text: unicode (lone surrogates included), JSON of any shape, raw bytes, long runs. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.constantFrom('x'.repeat(70_000), '\uD800', '😀'.repeat(2_000), '1e400', '-0', 'null', '[]', '{}'),
);

/** Stands for the JSON literal `1e400` (a double cannot hold it), written into the body as such. */
const BIG = '\u0001big';
const withBig = (json: string) => json.replaceAll('"\\u0001big"', '1e400');

/** A value of any kind for one field. */
const anyValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 1_200 }),
  fc.constantFrom(
    '',
    ' ',
    '\uDC00x',
    'a'.repeat(1_001),
    'refund',
    'accept',
    'dismiss',
    'accepted',
    'waitlist',
  ),
  fc.double(),
  fc.integer(),
  fc.constantFrom(BIG, -1, 0, 2_592_001, Number.MAX_SAFE_INTEGER + 2),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
);

/** A body with the route's fields set to anything (or left out), plus stray fields. */
const bodyOf = (fields: string[]) =>
  fc
    .tuple(
      fc.record(Object.fromEntries(fields.map((f) => [f, anyValue])), { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
    )
    .map(([known, extra]) => withBig(JSON.stringify({ ...extra, ...known })));

/** A path segment: percent-encoded text of any kind, or raw hostile escapes. */
const segment = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 300 }).map(encodeURIComponent),
  fc.constantFrom('%ED%A0%80', '%', '%zz', '..', '%2F', 'A'.repeat(3_000), email, event.id, '2026', '99999'),
);

/** A valid body with some fields swapped for anything: reaches the handler and the stores often. */
const nearValid = (valid: Record<string, unknown>) =>
  fc
    .tuple(
      fc.subarray(Object.keys(valid)),
      fc.array(fc.oneof(anyValue, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 })), {
        minLength: Object.keys(valid).length,
        maxLength: Object.keys(valid).length,
      }),
    )
    .map(([swapped, values]) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(valid).map(([k, v], i) => [k, swapped.includes(k) ? values[i] : v]),
        ),
      ),
    );

const key = `${email}/${event.id}/${event.year}`;

/** Statuses answered per property, to show the valid paths were reached too. */
const seen = new Map<string, Set<number>>();
const record = (name: string, status: number) => {
  seen.set(name, (seen.get(name) ?? new Set()).add(status));
  return status;
};

describe('admin requests of any shape from an admin get a 2xx or a 4xx, never a 5xx', () => {
  test.prop([fc.oneof(bodyOf(['decision']), nearValid({ decision: 'accepted' }), anyText)], {
    numRuns: RUNS,
    examples: [[JSON.stringify({ decision: 'accepted' })]],
  })('decision bodies', async (body) => {
    const status = record('decision', await send('POST', `/admin/registrations/${key}/decision`, body));
    expect(isRefusalOrSuccess(status)).toBe(true);
  });

  test.prop([fc.oneof(bodyOf(['refund']), anyText)], { numRuns: RUNS })('cancel bodies', async (body) => {
    // Any email but the seeded one: a valid body must find nothing to cancel.
    const status = await send(
      'POST',
      `/admin/registrations/other@ubc.ca/${event.id}/${event.year}/cancel`,
      body,
    );
    expect(isRefusalOrSuccess(status)).toBe(true);
  });

  test.prop(
    [
      fc.oneof(
        bodyOf(['reason', 'fname', 'lname', 'education']),
        nearValid({ reason: 'exec', fname: 'Ada', lname: 'Lovelace', education: 'UBC' }),
        anyText,
      ),
      fc.nat(1_000_000),
    ],
    {
      numRuns: RUNS,
      examples: [
        [JSON.stringify({ reason: 'exec', fname: 'Ada', lname: 'Lovelace', education: 'UBC' }), 1_000_001],
      ],
    },
  )('grant bodies', async (body, n) => {
    const status = record('grant', await send('POST', `/admin/memberships/grant${n}@ubc.ca/grant`, body));
    expect(isRefusalOrSuccess(status)).toBe(true);
  });

  test.prop([fc.oneof(bodyOf(['action', 'note']), anyText), segment], { numRuns: RUNS })(
    'queue resolutions and ids',
    async (body, id) => {
      expect(isRefusalOrSuccess(await send('POST', `/admin/queue/${id}/resolve`, body))).toBe(true);
    },
  );

  test.prop([fc.oneof(bodyOf(['sinceSeconds']), anyText)], { numRuns: 30 })(
    'reconcile bodies',
    async (body) => {
      expect(isRefusalOrSuccess(await send('POST', '/admin/reconcile', body))).toBe(true);
    },
  );

  test.prop(
    [
      segment,
      segment,
      segment,
      fc.constantFrom('decision', 'check-in', 'cancel', 'promote'),
      fc.option(anyText, { nil: undefined }),
    ],
    { numRuns: RUNS },
  )('registration path parameters', async (who, eventID, year, command, body) => {
    const commandStatus = await send(
      'POST',
      `/admin/registrations/${who}/${eventID}/${year}/${command}`,
      body,
    );
    const auditStatus = await send('GET', `/admin/audit/registrations/${who}/${eventID}/${year}`);
    const listStatus = await send('GET', `/admin/events/${eventID}/${year}/registrations`);
    const membershipStatus = await send('GET', `/admin/audit/memberships/${who}`);
    expect([commandStatus, auditStatus, listStatus, membershipStatus].every(isRefusalOrSuccess)).toBe(true);
  });

  test.prop([anyText, anyText, anyText], { numRuns: RUNS })('list queries', async (status, cursor, limit) => {
    const query = new URLSearchParams({ status, cursor, limit }).toString();
    const pick = new URLSearchParams({ cursor }).toString();
    expect(
      isRefusalOrSuccess(await send('GET', `/admin/events/${event.id}/${event.year}/registrations?${query}`)),
    ).toBe(true);
    expect(isRefusalOrSuccess(await send('GET', `/admin/queue?${query}`))).toBe(true);
    expect(isRefusalOrSuccess(await send('GET', `/admin/queue?${pick}`))).toBe(true);
  });

  test('the fuzz reached the handlers: grants were written, decisions refused by the machine', () => {
    expect(seen.get('grant')).toContain(200);
    expect(seen.get('grant')).toContain(400);
    // The seeded registration is a plain paid one: a valid decision reaches the machine, which refuses it.
    expect(seen.get('decision')).toContain(409);
  });
});
