import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { membershipBody, uid } from './support/fixtures.ts';
import { type Stack, startStack } from './support/stack.ts';
import { withoutWebhooks as withoutWebhooksOf } from './support/webhooks-off.ts';

// The issue "Money and seats stay right at the edges", membership cases, through the HTTP handler
// on DynamoDB Local and the local Stripe server.

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const email = (label: string) => `${uid(label)}@ubc.ca`;
const buy = (s: Stack, who: string) => s.call('POST', '/payments', membershipBody(who, 'Member'));
const view = (s: Stack, who: string) => s.call('GET', `/memberships/${encodeURIComponent(who)}`);
const rawUser = async (s: Stack, who: string) =>
  (await s.doc.send(new GetCommand({ TableName: s.tables.users, Key: { id: who } }))).Item;
const rawMember = async (s: Stack, table: string, who: string) =>
  (await s.doc.send(new GetCommand({ TableName: table, Key: { id: who }, ConsistentRead: true }))).Item;
/** The member item today's system writes (no snapshot of ours). */
const todaysMember = (who: string, profileID: string) => ({
  id: who,
  firstName: 'Today',
  lastName: 'System',
  profileID,
  createdAt: 1,
  updatedAt: 1,
});
/** Every webhook delivery attempt of one session's events, with the status it was answered. */
const answersFor = (s: Stack, match: (payload: string) => boolean) => {
  const ids = new Set(
    s.local
      .events()
      .filter((e) => match(JSON.stringify(e)))
      .map((e) => e.id),
  );
  return s.local.deliveries().filter((d) => ids.has(d.eventId));
};

/** Webhook deliveries switched off while `during` runs. */
const withoutWebhooks = <T>(during: () => Promise<T>) => withoutWebhooksOf(stack.local, during);

/** A membership session as today's system opens it (all the form in metadata, no `attempt`), paid. */
async function todaysPaidSession(who: string, options: { delivered: boolean }) {
  const pay = async () => {
    const s = await stack.stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          price_data: { currency: 'cad', unit_amount: 1200, product_data: { name: 'BizTech Membership' } },
          quantity: 1,
        },
      ],
      metadata: { paymentType: 'Member', email: who, fname: 'Old', lname: 'Timer', education: 'UBC' },
      success_url: 'http://localhost:3000/',
      cancel_url: 'http://localhost:3000/membership',
    });
    await stack.pay(s.id);
    return s.id;
  };
  const sessionId = options.delivered ? await pay() : await withoutWebhooks(pay);
  return { sessionId, paymentIntent: stack.local.getSession(sessionId)?.payment_intent as string };
}

/** A member of today's system: user with `isMember`, member item, no snapshot of ours. */
async function todaysMembership(who: string, profileID: string) {
  await stack.seedUser({ id: who, isMember: true, fname: 'Old', education: 'UBC' });
  await stack.put(stack.tables.members, todaysMember(who, profileID));
}

describe('case 1: a paid membership that could never activate', () => {
  test('a member item without isMember: POST /payments (Member) answers 409 already_member and repairs isMember, opening no checkout', async () => {
    // Prepare: today's half-written membership (member item written, the user update lost).
    const who = email('halfmade');
    await stack.seedUser({ id: who, isMember: false, fname: 'Half' });
    await stack.put(stack.tables.members, todaysMember(who, 'HalfMadeOwls'));

    // Act
    const before = await view(stack, who);
    const res = await buy(stack, who);

    // Assess: the read and the sale agree, and the user now says so too.
    expect(before.body).toEqual({ isMember: true, state: 'active', profileID: 'HalfMadeOwls' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_member');
    expect(await rawUser(stack, who)).toMatchObject({ isMember: true, fname: 'Half' });
    expect(stack.local.sessions().filter((s) => s.metadata?.email === who)).toEqual([]);
  });

  test("a payment that lands after today's system wrote the member item: webhook and success page answer 200 (never 503), the payment is reported refund_needed already_member", async () => {
    // Prepare: our checkout is open when today's system (still running) writes the member item.
    const who = email('raced');
    await stack.seedUser({ id: who, isMember: false, fname: 'Race' });
    const opened = await buy(stack, who);
    expect(opened.status).toBe(200);
    await stack.put(stack.tables.members, todaysMember(who, 'TodaysOwlsWin'));

    // Act
    await stack.pay(opened.body.sessionId);
    const page = await stack.call('GET', `/payments/sessions/${opened.body.sessionId}`);

    // Assess
    const answers = answersFor(stack, (p) => p.includes(opened.body.sessionId));
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ paymentStatus: 'paid', fulfilled: false });
    const reports = stack.logs.entries.filter(
      (e) => e.msg === 'payment.refund_needed' && e.sessionId === opened.body.sessionId,
    );
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ reason: 'already_member', amount: 1200 });
    expect(await rawUser(stack, who)).toMatchObject({ isMember: true });
    expect(await rawMember(stack, stack.tables.members, who)).toMatchObject({ profileID: 'TodaysOwlsWin' });
    expect((await view(stack, who)).body).toEqual({
      isMember: true,
      state: 'active',
      profileID: 'TodaysOwlsWin',
    });
  });
});

describe("case 2: refunds of memberships today's system sold", () => {
  test("a full refund of today's membership (member item, isMember, no snapshot of ours) ends it: refunded and isMember revoked", async () => {
    // Prepare: today's system took the payment and consumed its webhook.
    const who = email('fullrefund');
    await todaysMembership(who, 'OldOwlsLeave');
    const { paymentIntent } = await todaysPaidSession(who, { delivered: false });

    // Act: an organiser refunds it in the Dashboard.
    await stack.stripe.refunds.create({ payment_intent: paymentIntent });
    await stack.local.whenIdle();

    // Assess
    const answers = answersFor(stack, (p) => p.includes(paymentIntent) && p.includes('charge.refunded'));
    expect(answers.map((a) => [a.status, JSON.parse(a.responseBody ?? '{}').outcome])).toEqual([
      [200, 'applied'],
    ]);
    expect(await rawUser(stack, who)).toMatchObject({ isMember: false });
    expect((await view(stack, who)).body).toEqual({
      isMember: false,
      state: 'refunded',
      profileID: 'OldOwlsLeave',
    });
    expect(await rawMember(stack, stack.tables.members, who)).toMatchObject({ profileID: 'OldOwlsLeave' });
  });

  test("a partial refund of today's membership is recorded and the membership stays active", async () => {
    const who = email('partrefund');
    await todaysMembership(who, 'OldOwlsStay');
    const { paymentIntent } = await todaysPaidSession(who, { delivered: false });

    await stack.stripe.refunds.create({ payment_intent: paymentIntent, amount: 300 });
    await stack.local.whenIdle();

    const answers = answersFor(stack, (p) => p.includes(paymentIntent) && p.includes('charge.refunded'));
    expect(answers.map((a) => [a.status, JSON.parse(a.responseBody ?? '{}').outcome])).toEqual([
      [200, 'applied'],
    ]);
    expect(await rawUser(stack, who)).toMatchObject({ isMember: true });
    expect((await view(stack, who)).body).toEqual({
      isMember: true,
      state: 'active',
      profileID: 'OldOwlsStay',
    });
  });

  test("today's session paid and delivered to us is that membership's own payment (not reported); its full refund ends the membership", async () => {
    const who = email('latepay');
    await todaysMembership(who, 'OldOwlsPay');

    const { sessionId, paymentIntent } = await todaysPaidSession(who, { delivered: true });
    await stack.stripe.refunds.create({ payment_intent: paymentIntent });
    await stack.local.whenIdle();

    const paidAnswers = answersFor(
      stack,
      (p) => p.includes(sessionId) && p.includes('checkout.session.completed'),
    );
    expect(paidAnswers.map((a) => [a.status, JSON.parse(a.responseBody ?? '{}').outcome])).toEqual([
      [200, 'applied'],
    ]);
    expect(stack.logs.entries.filter((e) => e.sessionId === sessionId && e.level === 'warn')).toEqual([]);
    expect(await rawUser(stack, who)).toMatchObject({ isMember: false });
    expect((await view(stack, who)).body.state).toBe('refunded');
  });
});

describe('case 3: membership years', () => {
  test("isMember without the year's member item makes nobody a member of that year: GET answers none and POST /payments sells it", async () => {
    // Prepare: a member of an earlier year (the flag is not per year, and nobody resets it).
    const who = email('lastyear');
    await stack.seedUser({ id: who, isMember: true, fname: 'Last' });

    // Act
    const before = await view(stack, who);
    const res = await buy(stack, who);
    await stack.pay(res.body.sessionId);

    // Assess
    expect(before.body).toEqual({ isMember: false, state: 'none' });
    expect(res.status).toBe(200);
    expect((await view(stack, who)).body).toMatchObject({ isMember: true, state: 'active' });
    expect(await rawMember(stack, stack.tables.members, who)).toMatchObject({ firstName: 'Grace' });
  });

  test('a 2026 member buys the 2027 membership: the decision is made on biztechMembers2027 and each year keeps its item', async () => {
    const next = await startStack({ membershipYear: 2027 });
    try {
      // Prepare: a 2026 member of today's system.
      const who = email('renewing');
      const table2026 = next.tables.membersOf(2026);
      await next.seedUser({ id: who, isMember: true, fname: 'Renew' });
      await next.put(table2026, todaysMember(who, 'OwlsOf2026'));

      // Act
      const before = await view(next, who);
      const res = await buy(next, who);
      await next.pay(res.body.sessionId);

      // Assess
      expect(before.body).toEqual({ isMember: false, state: 'none' });
      expect(res.status).toBe(200);
      expect(next.local.getSession(res.body.sessionId)?.metadata).toMatchObject({ membershipYear: '2027' });
      const after = await view(next, who);
      expect(after.body).toMatchObject({ isMember: true, state: 'active' });
      expect(after.body.profileID).not.toBe('OwlsOf2026');
      expect(next.tables.members).toBe(next.tables.membersOf(2027));
      expect(await rawMember(next, next.tables.members, who)).toMatchObject({
        profileID: after.body.profileID,
      });
      expect(await rawMember(next, table2026, who)).toMatchObject({ profileID: 'OwlsOf2026' });
      expect((await buy(next, who)).body.error.code).toBe('already_member');
    } finally {
      await next.close();
    }
  });
});
