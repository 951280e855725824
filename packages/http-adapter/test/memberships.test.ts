import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { membershipBody, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('POST /payments (memberships)', () => {
  it('sells a Member (existing user) membership at the UBC price and activates it on payment', async () => {
    // Prepare
    const email = `${uid('member')}@ubc.ca`;
    await stack.seedUser({ id: email, fname: 'Grace', lname: 'Hopper' });
    // Act
    const res = await stack.call('POST', '/payments', membershipBody(email, 'Member'));
    await stack.pay(res.body.sessionId);
    // Assess
    expect(res.status).toBe(200);
    const session = stack.local.getSession(res.body.sessionId);
    expect(session).toMatchObject({
      amount_subtotal: 1200,
      metadata: { paymentType: 'Member', email, membershipYear: '2026', attempt: '1' },
      client_reference_id: `membership:${email}:2026`,
      success_url: 'http://localhost:3000/?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://localhost:3000/membership',
    });
    const view = await stack.call('GET', `/memberships/${email}`);
    expect(view.body).toMatchObject({ isMember: true, state: 'active' });
    expect(view.body.profileID).toMatch(/^[A-Z][a-z]+[A-Z][a-z]+[A-Z][a-z]+$/);
    const member = (await stack.scan(stack.tables.members)).find((m) => m.id === email);
    expect(member).toMatchObject({
      firstName: 'Grace',
      topics: ['Fintech', 'AI', 'Startups'],
      heardFrom: 'Friend',
    });
    const user = (await stack.scan(stack.tables.users)).find((u) => u.id === email);
    expect(user?.isMember).toBe(true);
  });

  it('sells an OAuthMember membership at 15.00 to a non-UBC student, creating the user', async () => {
    // Prepare
    const email = `${uid('oauth')}@gmail.com`;
    // Act
    const res = await stack.call(
      'POST',
      '/payments',
      membershipBody(email, 'OAuthMember', { education: 'SFU' }),
    );
    await stack.pay(res.body.sessionId);
    // Assess
    expect(stack.local.getSession(res.body.sessionId)?.amount_subtotal).toBe(1500);
    const users = await stack.scan(stack.tables.users);
    expect(users.find((u) => u.id === email)).toMatchObject({ isMember: true, fname: 'Grace' });
    const profiles = await stack.scan(stack.tables.profiles);
    const view = await stack.call('GET', `/memberships/${email}`);
    expect(profiles.some((p) => p.compositeID === `PROFILE#${view.body.profileID}`)).toBe(true);
  });

  it('UserMember: signs up with the password, which reaches no Stripe request, stored item or log line', async () => {
    // Prepare
    const email = `${uid('usermember')}@ubc.ca`;
    const password = 'S3cret-Pa55word!';
    // Act
    const res = await stack.call('POST', '/payments', membershipBody(email, 'UserMember', { password }));
    await stack.pay(res.body.sessionId);
    // Assess
    expect(res.status).toBe(200);
    expect(stack.identity.signUps).toContainEqual({ email, password, fname: 'Grace', lname: 'Hopper' });
    const outgoing = stack.stripeRequests.map((r) => `${r.url} ${decodeURIComponent(r.body)}`).join('\n');
    expect(outgoing).toContain(email);
    expect(outgoing).not.toContain(password);
    expect(JSON.stringify(await stack.scanEverything())).not.toContain(password);
    expect(stack.logs.text()).not.toContain(password);
    expect(JSON.stringify(stack.local.events())).not.toContain(password);
    const view = await stack.call('GET', `/memberships/${email}`);
    expect(view.body.isMember).toBe(true);
  });

  it('retries the sign-up on the next attempt when the identity provider was down', async () => {
    // Prepare
    const email = `${uid('retry')}@ubc.ca`;
    const body = membershipBody(email, 'UserMember', { password: 'another-password-1' });
    const { StoreUnavailableError } = await import('@biztech/payments-core');
    stack.identity.failNext = new StoreUnavailableError('cognito throttled');
    // Act
    const first = await stack.call('POST', '/payments', body);
    const second = await stack.call('POST', '/payments', body);
    // Assess
    expect(first.status).toBe(503);
    expect(first.body.error.code).toBe('store_unavailable');
    expect(second.status).toBe(200);
    expect(stack.identity.signUps.filter((s) => s.email === email)).toHaveLength(1);
  });

  it('answers 400 identity_rejected, without the provider message, when the identity refuses the password', async () => {
    // Prepare
    const email = `${uid('weak')}@ubc.ca`;
    stack.identity.failNext = new Error('Password did not conform with policy: needs a symbol');
    // Act
    const res = await stack.call(
      'POST',
      '/payments',
      membershipBody(email, 'UserMember', { password: 'weakweakweak' }),
    );
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('identity_rejected');
    expect(JSON.stringify(res.body)).not.toContain('policy');
  });

  it("answers 409 already_member for a member, and for a member of today's system (the year's member item)", async () => {
    // Prepare
    const legacy = `${uid('legacy')}@ubc.ca`;
    await stack.seedUser({ id: legacy, isMember: true });
    await stack.put(stack.tables.members, { id: legacy, firstName: 'Old', profileID: 'OldOwlsKnow' });
    const paid = `${uid('paid')}@ubc.ca`;
    const res = await stack.call('POST', '/payments', membershipBody(paid, 'OAuthMember'));
    await stack.pay(res.body.sessionId);
    // Act
    const again = await stack.call('POST', '/payments', membershipBody(paid, 'OAuthMember'));
    const legacyAgain = await stack.call('POST', '/payments', membershipBody(legacy, 'Member'));
    // Assess
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_member');
    expect(legacyAgain.status).toBe(409);
    expect(legacyAgain.body.error.code).toBe('already_member');
  });

  it('answers 404 user_not_found for a Member purchase without a user', async () => {
    // Act
    const res = await stack.call('POST', '/payments', membershipBody(`${uid('ghost')}@ubc.ca`, 'Member'));
    // Assess
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('user_not_found');
  });

  it('returns the live membership checkout again rather than opening another', async () => {
    // Prepare
    const email = `${uid('twice')}@ubc.ca`;
    const first = await stack.call('POST', '/payments', membershipBody(email, 'OAuthMember'));
    // Act
    const second = await stack.call('POST', '/payments', membershipBody(email, 'OAuthMember'));
    // Assess
    expect(second.body.sessionId).toBe(first.body.sessionId);
  });

  it('answers 400 invalid_body when UserMember has no password (and never echoes one)', async () => {
    // Act
    const res = await stack.call(
      'POST',
      '/payments',
      membershipBody(`${uid('nopass')}@ubc.ca`, 'UserMember'),
    );
    const short = await stack.call(
      'POST',
      '/payments',
      membershipBody(`${uid('short')}@ubc.ca`, 'UserMember', { password: 'tiny7' }),
    );
    // Assess
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: { path: string[] }) => i.path.join('.'))).toContain('password');
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body)).not.toContain('tiny7');
  });
});

describe('GET /memberships/{email}', () => {
  it('answers a legacy member (member record, no snapshot) as active with its profileID', async () => {
    // Prepare
    const email = `${uid('old')}@ubc.ca`;
    await stack.seedUser({ id: email, isMember: true });
    await stack.put(stack.tables.members, {
      id: email,
      firstName: 'Old',
      lastName: 'Timer',
      profileID: 'WiseOwlsRead',
    });
    // Act
    const res = await stack.call('GET', `/memberships/${encodeURIComponent(email.toUpperCase())}`);
    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ isMember: true, state: 'active', profileID: 'WiseOwlsRead' });
  });

  it('answers a user who is not a member as none, and 404 for an unknown email', async () => {
    // Prepare
    const email = `${uid('plain')}@ubc.ca`;
    await stack.seedUser({ id: email });
    // Act
    const known = await stack.call('GET', `/memberships/${email}`);
    const unknown = await stack.call('GET', `/memberships/${uid('nobody')}@ubc.ca`);
    const invalid = await stack.call('GET', '/memberships/not-an-email');
    // Assess
    expect(known.body).toEqual({ isMember: false, state: 'none' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('user_not_found');
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_params');
  });
});
