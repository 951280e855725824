import { createHmac, createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createCognitoTokenVerifier,
  emailDomainOf,
  InvalidTokenError,
  isAdminClaims,
  TokenVerificationUnavailableError,
} from '../src/index.ts';
import {
  type AdminPool,
  claimsOf,
  cognitoLocalKey,
  type IssuedTokens,
  signJwt,
  startAdminPool,
  strangerKey,
  unsignedJwt,
} from './support/cognito-tokens.ts';
import { paidEvent, registrationBody } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

let pool: AdminPool;
let stack: Stack;
let groupAdmin: IssuedTokens;
let domainAdmin: IssuedTokens;
let member: IssuedTokens;
const event = paidEvent({ capac: 10 });
const registrant = 'registrant@ubc.ca';
const registrationPath = `/admin/registrations/${registrant}/${event.id}/${event.year}`;

beforeAll(async () => {
  pool = await startAdminPool();
  stack = await startStack({ tokens: pool.verifier() });
  [groupAdmin, domainAdmin, member] = [
    await pool.user('lead@example.org', { groups: ['admin'] }),
    await pool.user('ops@ubcbiztech.com'),
    await pool.user('ada@ubc.ca'),
  ];
  await stack.seedEvent(event);
  // Something for a refused command to change: an unpaid registration.
  const registered = await stack.call('POST', '/registrations', registrationBody(registrant, event));
  expect(registered.status).toBe(201);
}, 60_000);
afterAll(async () => {
  await stack?.close();
  await pool?.stop();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The id token's claims, re-signed with cognito-local's real key after `change`. */
function resigned(token: string, change: (claims: Record<string, unknown>) => Record<string, unknown>) {
  return signJwt(
    { alg: 'RS256', typ: 'JWT', kid: 'CognitoLocal' },
    change(claimsOf(token)),
    cognitoLocalKey(),
  );
}

/** Every item of every table, for "nothing was written". */
const everything = async () =>
  JSON.stringify((await stack.scanEverything()).map((i) => JSON.stringify(i)).sort());

describe('the admin email rule', () => {
  test.each([
    ['ops@ubcbiztech.com', 'ubcbiztech.com'],
    ['x@ubcbiztech.com.evil.com', 'ubcbiztech.com.evil.com'],
    ['x@mail.ubcbiztech.com', 'mail.ubcbiztech.com'],
    ['"ops@ubcbiztech.com" <x@evil.com>', undefined],
    ['ubcbiztech.com <x@evil.com>', undefined],
    ['x@evil.com (ubcbiztech.com)', undefined],
    ['x@ubcbiztech.com@evil.com', undefined],
    ['x@ubcbiztech.com.', undefined],
  ])('%s is on %s', (email, domain) => {
    expect(emailDomainOf(email)).toBe(domain);
  });

  test('an admin is in the group, or verified exactly on the domain', () => {
    const policy = { adminGroup: 'admin', adminEmailDomain: 'ubcbiztech.com' };
    const who = (email: string, emailVerified: boolean, groups: string[] = []) =>
      isAdminClaims({ email, emailVerified, groups }, policy);
    expect(who('lead@example.org', false, ['admin'])).toBe(true);
    expect(who('ops@ubcbiztech.com', true)).toBe(true);
    expect(who('ops@ubcbiztech.com', false)).toBe(false);
    expect(who('x@ubcbiztech.com.evil.com', true)).toBe(false);
    expect(who('x@mail.ubcbiztech.com', true)).toBe(false);
    expect(who('ada@ubc.ca', true, ['admins', 'Admin'])).toBe(false);
  });
});

describe('the Cognito verifier on cognito-local', () => {
  test('verifies real ID tokens and says who is an admin', async () => {
    const verifier = pool.verifier();
    await expect(verifier.verify(groupAdmin.idToken)).resolves.toEqual({
      sub: groupAdmin.sub,
      email: 'lead@example.org',
      groups: ['admin'],
      isAdmin: true,
    });
    await expect(verifier.verify(domainAdmin.idToken)).resolves.toMatchObject({ isAdmin: true, groups: [] });
    await expect(verifier.verify(member.idToken)).resolves.toMatchObject({
      email: 'ada@ubc.ca',
      isAdmin: false,
    });
  });

  test('a token re-signed with the pool’s key and nothing changed verifies (so each forgery fails for its change)', async () => {
    const same = resigned(groupAdmin.idToken, (c) => c);
    await expect(pool.verifier().verify(same)).resolves.toMatchObject({ sub: groupAdmin.sub, isAdmin: true });
  });

  test('ADMIN_EMAIL_DOMAIN moves the domain rule', async () => {
    const verifier = pool.verifier({ adminEmailDomain: 'ubc.ca' });
    await expect(verifier.verify(member.idToken)).resolves.toMatchObject({ isAdmin: true });
    await expect(verifier.verify(domainAdmin.idToken)).resolves.toMatchObject({ isAdmin: false });
  });

  test('an unreachable user pool is a passing fault, not a bad token', async () => {
    const verifier = createCognitoTokenVerifier({
      userPoolId: pool.local.userPoolId,
      clientId: pool.local.clientId,
      // Nothing listens on port 9 (discard): the JWKS download fails.
      endpoint: 'http://127.0.0.1:9',
      jwksTimeoutMs: 500,
    });
    const forged = resigned(member.idToken, (c) => ({
      ...c,
      iss: `http://127.0.0.1:9/${pool.local.userPoolId}`,
    }));
    await expect(verifier.verify(forged)).rejects.toBeInstanceOf(TokenVerificationUnavailableError);
    await expect(verifier.verify('not.a.token')).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('every admin route refuses callers who are not admins, and writes nothing', () => {
  // Each forgery differs from a real admin token in exactly the way its name says.
  const refusedTokens: Array<[string, () => string]> = [
    ['garbage', () => 'not-a-jwt'],
    ['alg none', () => unsignedJwt(claimsOf(groupAdmin.idToken))],
    [
      'signed by another key under cognito-local’s kid',
      () => signJwt({ alg: 'RS256', kid: 'CognitoLocal' }, claimsOf(groupAdmin.idToken), strangerKey()),
    ],
    [
      'signed by another key under a kid the pool does not have',
      () => signJwt({ alg: 'RS256', kid: 'attacker' }, claimsOf(groupAdmin.idToken), strangerKey()),
    ],
    [
      'HS256 with the pool’s public key as the secret',
      () => {
        const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'CognitoLocal' })).toString('base64url')}.${Buffer.from(JSON.stringify(claimsOf(groupAdmin.idToken))).toString('base64url')}`;
        const publicPem = createPublicKey(cognitoLocalKey()).export({ type: 'spki', format: 'pem' });
        return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
      },
    ],
    [
      'a member’s token with the admin group written into it',
      () => {
        const [header, , signature] = member.idToken.split('.');
        const claims = { ...claimsOf(member.idToken), 'cognito:groups': ['admin'] };
        return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
      },
    ],
    [
      'expired',
      () => resigned(groupAdmin.idToken, (c) => ({ ...c, iat: 1_700_000_000, exp: 1_700_003_600 })),
    ],
    ['without an expiry', () => resigned(groupAdmin.idToken, ({ exp: _exp, ...c }) => c)],
    ['for another app client', () => resigned(groupAdmin.idToken, (c) => ({ ...c, aud: 'another-client' }))],
    [
      'from another user pool',
      () => resigned(groupAdmin.idToken, (c) => ({ ...c, iss: `${pool.local.endpoint}/us-west-2_other` })),
    ],
    ['the admin’s access token', () => groupAdmin.accessToken],
    [
      'an access token for the app client',
      () => resigned(groupAdmin.idToken, (c) => ({ ...c, token_use: 'access' })),
    ],
  ];
  const notAdmins: Array<[string, () => Promise<string>]> = [
    ['a member', async () => member.idToken],
    ['x@ubcbiztech.com.evil.com', async () => (await pool.user('x@ubcbiztech.com.evil.com')).idToken],
    ['a subdomain, x@mail.ubcbiztech.com', async () => (await pool.user('x@mail.ubcbiztech.com')).idToken],
    [
      'an unverified address on the domain',
      async () => (await pool.user('new@ubcbiztech.com', { verified: false })).idToken,
    ],
    [
      'x@evil.com with a ubcbiztech.com display name',
      async () =>
        resigned((await pool.user('x@evil.com')).idToken, (c) => ({
          ...c,
          email: '"ops@ubcbiztech.com" <x@evil.com>',
          name: 'ops@ubcbiztech.com',
        })),
    ],
    ['a group named like admin', async () => (await pool.user('g@ubc.ca', { groups: ['admins'] })).idToken],
  ];

  /** Every `/admin` operation of the OpenAPI document, with its parameters filled in. */
  async function adminOperations(): Promise<Array<{ method: string; path: string; body?: unknown }>> {
    const document = (await stack.call('GET', '/openapi.json')).body as { paths: Record<string, object> };
    const fill: Record<string, string> = {
      email: registrant,
      eventID: event.id,
      year: String(event.year),
      id: 'refund_needed:cs_test_nothing',
    };
    const bodies: Record<string, unknown> = {
      decision: { decision: 'accepted' },
      cancel: { refund: true },
      grant: { reason: 'test', fname: 'A', lname: 'B' },
      resolve: { action: 'refund' },
      reconcile: { sinceSeconds: 60 },
    };
    const operations = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/admin/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => {
          const filled = path.replaceAll(/\{([^}]+)\}/g, (_, name: string) => fill[name] ?? 'x');
          const last = path.split('/').at(-1) ?? '';
          return {
            method: method.toUpperCase(),
            path: filled,
            body: method === 'post' ? bodies[last] : undefined,
          };
        }),
      );
    expect(operations).toHaveLength(11);
    return operations;
  }

  test('no token, another scheme or a bad token: 401 with a Bearer challenge', async () => {
    // Prepare
    const before = await everything();
    const operations = await adminOperations();
    const headers: Array<[string, Record<string, string>]> = [
      ['missing_token', {}],
      ['missing_token', { authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }],
      ['missing_token', { authorization: 'Bearer' }],
      ...refusedTokens.map(
        ([, make]) => ['invalid_token', bearer(make())] as [string, Record<string, string>],
      ),
    ];

    for (const { method, path, body } of operations) {
      for (const [code, header] of headers) {
        // Act
        const answer = await stack.call(method, path, body, header);

        // Assess
        expect({ method, path, header, status: answer.status, code: answer.body?.error?.code }).toEqual({
          method,
          path,
          header,
          status: 401,
          code,
        });
        expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
      }
    }
    expect(await everything()).toBe(before);
  });

  test.each(refusedTokens)('%s → 401 invalid_token', async (_, make) => {
    const before = await everything();
    const answer = await stack.call('POST', `${registrationPath}/cancel`, { refund: true }, bearer(make()));
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('invalid_token');
    expect(await everything()).toBe(before);
  });

  test.each(notAdmins)('%s → 403 not_admin, revealing nothing', async (_, make) => {
    const token = await make();
    const before = await everything();
    for (const { method, path, body } of await adminOperations()) {
      const answer = await stack.call(method, path, body, bearer(token));
      expect({ path, status: answer.status, code: answer.body?.error?.code }).toEqual({
        path,
        status: 403,
        code: 'not_admin',
      });
    }
    expect(await everything()).toBe(before);
  });

  test('a refused caller is refused before the body is read: a bad body is still 401/403', async () => {
    const none = await stack.call('POST', `${registrationPath}/decision`, '{not json');
    const someone = await stack.call(
      'POST',
      `${registrationPath}/decision`,
      '{not json',
      bearer(member.idToken),
    );
    expect([none.status, someone.status]).toEqual([401, 403]);
  });

  test('the group admin and the domain admin get through, and their commands are audited as them', async () => {
    // Act
    const listed = await stack.call(
      'GET',
      `/admin/events/${event.id}/${event.year}/registrations`,
      undefined,
      bearer(domainAdmin.idToken),
    );
    const cancelled = await stack.call('POST', `${registrationPath}/cancel`, {}, bearer(groupAdmin.idToken));
    const trail = await stack.call(
      'GET',
      `/admin/audit/registrations/${registrant}/${event.id}/${event.year}`,
      undefined,
      bearer(domainAdmin.idToken),
    );

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ email: registrant, registrationStatus: 'incomplete' }),
    ]);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ registrationStatus: 'cancelled', refund: null });
    expect(trail.body.entries.map((e: { event: string }) => e.event)).toEqual(['REGISTER', 'CANCEL']);
    expect(trail.body.entries[0].actor).toBeUndefined();
    expect(trail.body.entries[1].actor).toEqual({ email: 'lead@example.org', sub: groupAdmin.sub });
  });
});
