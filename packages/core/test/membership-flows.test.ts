import { describe, expect, test } from 'vitest';
import { applicant, paid, session } from '../src/conformance/fixtures.ts';
import { applicantFromRequest } from '../src/membership/applicant.ts';
import {
  isActiveMember,
  type MembershipSnapshot,
  membershipFromLegacy,
  stepMembership,
} from '../src/membership/step.ts';
import type { MembershipEffect, MembershipEvent, MembershipPaymentType } from '../src/membership/types.ts';
import { paymentRequestSchema } from '../src/schemas/payment-request.ts';
import { T0 } from './support/arbitraries.ts';

function membership(email = 'grace@ubc.ca') {
  let snapshot: MembershipSnapshot | undefined;
  let now = T0;
  let ids = 0;
  const effects: MembershipEffect[] = [];
  const send = (event: MembershipEvent) => {
    const r = stepMembership(snapshot, event, { now, profileID: `CleverOwlsSing${++ids}` });
    snapshot = r.snapshot;
    effects.push(...r.effects);
    return r;
  };
  return {
    get snapshot() {
      return snapshot!;
    },
    effects,
    advance: (ms: number) => {
      now += ms;
    },
    get now() {
      return now;
    },
    send,
    begin: (paymentType: MembershipPaymentType, price = 1200) =>
      send({
        type: 'BEGIN',
        email,
        membershipYear: 2026,
        paymentType,
        applicant: applicant(email),
        priceCents: price,
      }),
    open: (id: string, amount = 1200) => send({ type: 'OPEN_CHECKOUT', session: session(id, amount, now) }),
    pay: (id: string, stripeEventId?: string, amount = 1200) =>
      send({
        type: 'PAYMENT_SUCCEEDED',
        payment: paid(id, amount),
        ...(stripeEventId ? { stripeEventId } : {}),
      }),
  };
}

describe('membership purchase', () => {
  for (const type of ['Member', 'UserMember', 'OAuthMember'] as const) {
    test(`${type}: none → checkout open → active, with one activation writing user, member and profile`, () => {
      const m = membership();
      const begun = m.begin(type);
      expect(m.snapshot.value).toBe('awaitingCheckout');
      expect(begun.effects).toEqual(
        type === 'UserMember'
          ? [{ type: 'identity.create', email: 'grace@ubc.ca', fname: 'Ada', lname: 'Lovelace' }]
          : [],
      );
      m.open('cs_m');
      expect(m.snapshot.value).toBe('checkoutOpen');
      const paidResult = m.pay('cs_m', 'evt_m');
      expect(isActiveMember(m.snapshot)).toBe(true);
      expect(paidResult.effects).toHaveLength(1);
      const activation = paidResult.effects[0]!;
      expect(activation.type).toBe('membership.activate');
      if (activation.type !== 'membership.activate') return;
      expect(activation.source).toBe(type);
      expect(activation.records.userMode).toBe(type === 'Member' ? 'update' : 'create');
      expect(activation.records.user).toMatchObject({ id: 'grace@ubc.ca', isMember: true, admin: false });
      expect(activation.records.member).toMatchObject({
        id: 'grace@ubc.ca',
        profileID: 'CleverOwlsSing3',
        topics: ['AI', 'Fintech'],
      });
      expect(activation.records.profile).toMatchObject({
        compositeID: 'PROFILE#CleverOwlsSing3',
        profileType: 'ATTENDEE',
      });
    });
  }

  test('an @ubcbiztech.com address activates as an admin with an EXEC profile', () => {
    const m = membership('Exec@UBCBizTech.com');
    m.begin('Member');
    m.open('cs_e');
    const result = m.pay('cs_e');
    const activation = result.effects[0];
    expect(activation?.type === 'membership.activate' && activation.records.profile.profileType).toBe('EXEC');
    expect(activation?.type === 'membership.activate' && activation.records.user.admin).toBe(true);
    expect(activation?.type === 'membership.activate' && activation.email).toBe('exec@ubcbiztech.com');
  });

  test('expiry lets the member start again, and asks for the identity only once', () => {
    const m = membership();
    m.begin('UserMember');
    m.open('cs_1');
    m.send({ type: 'CHECKOUT_EXPIRED', sessionId: 'cs_1', stripeEventId: 'evt_exp' });
    expect(m.snapshot.value).toBe('awaitingCheckout');
    expect(m.begin('UserMember').effects).toEqual([]);
    m.open('cs_2');
    m.pay('cs_2');
    expect(m.snapshot.value).toBe('active');
    expect(m.effects.filter((e) => e.type === 'identity.create')).toHaveLength(1);
  });

  test('a duplicate payment asks for a refund; the same payment twice is a duplicate', () => {
    const m = membership();
    m.begin('Member');
    m.open('cs_1');
    m.send({ type: 'OPEN_CHECKOUT', session: session('cs_2', 1200, m.now) });
    m.pay('cs_1', 'evt_1');
    expect(m.pay('cs_1').outcome).toBe('duplicate');
    expect(m.pay('cs_2', 'evt_2').effects).toMatchObject([
      { type: 'payment.refund_needed', sessionId: 'cs_2' },
    ]);
    expect(m.effects.filter((e) => e.type === 'membership.activate')).toHaveLength(1);
  });

  test('a payment of another amount or currency is a mismatch and activates nothing', () => {
    const m = membership();
    m.begin('Member', 1500);
    m.open('cs_1', 1500);
    const r = m.pay('cs_1', 'evt_1', 1200);
    expect(r.outcome).toBe('rejected');
    expect(r.effects).toMatchObject([{ type: 'payment.mismatch', reason: 'amount' }]);
    expect(m.snapshot.value).toBe('checkoutOpen');
  });

  test('already a member: starting again is refused', () => {
    const m = membership();
    m.begin('Member');
    m.open('cs_1');
    m.pay('cs_1');
    expect(m.begin('Member').reason).toBe('already_member');
  });

  test('refund policy: a full refund ends the membership and revokes isMember; a partial one is only recorded', () => {
    const full = membership();
    full.begin('Member');
    full.open('cs_1');
    full.pay('cs_1');
    const partial = full.send({
      type: 'CHARGE_REFUNDED',
      paymentIntent: 'pi_cs_1',
      amountRefunded: 300,
      amountCaptured: 1200,
    });
    expect(partial.effects).toEqual([{ type: 'payment.refunded', amountRefunded: 300, full: false }]);
    expect(full.snapshot.value).toBe('active');
    const all = full.send({
      type: 'CHARGE_REFUNDED',
      paymentIntent: 'pi_cs_1',
      amountRefunded: 1200,
      amountCaptured: 1200,
    });
    expect(full.snapshot.value).toBe('refunded');
    expect(all.effects).toEqual([
      { type: 'payment.refunded', amountRefunded: 1200, full: true },
      { type: 'membership.revoke', email: 'grace@ubc.ca', membershipYear: 2026 },
    ]);
    expect(full.begin('Member').outcome).toBe('rejected');
  });

  test('an admin grant activates without payment and expires a live checkout', () => {
    const m = membership();
    m.begin('Member');
    m.open('cs_1');
    const granted = m.send({
      type: 'ADMIN_GRANT',
      email: 'grace@ubc.ca',
      membershipYear: 2026,
      applicant: applicant('grace@ubc.ca'),
    });
    expect(granted.effects.map((e) => e.type)).toEqual(['checkout.expire', 'membership.activate']);
    expect(m.snapshot.context.source).toBe('AdminGrant');
  });

  test('stepping a payment or a grant without a profile id is a wiring error', () => {
    const begun = stepMembership(
      undefined,
      {
        type: 'BEGIN',
        email: 'a@ubc.ca',
        membershipYear: 2026,
        paymentType: 'Member',
        applicant: applicant('a@ubc.ca'),
        priceCents: 1200,
      },
      { now: T0 },
    );
    const opened = stepMembership(
      begun.snapshot,
      { type: 'OPEN_CHECKOUT', session: session('cs_1', 1200, T0) },
      { now: T0 },
    );
    expect(() =>
      stepMembership(
        opened.snapshot,
        { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_1', 1200) },
        { now: T0 },
      ),
    ).toThrow(TypeError);
  });

  test("a legacy member (the year's member item, whatever isMember says) loads as active", () => {
    expect(
      membershipFromLegacy({ email: 'Old@ubc.ca', membershipYear: 2026 }, { memberRecord: true }).value,
    ).toBe('active');
    expect(
      membershipFromLegacy({ email: 'new@ubc.ca', membershipYear: 2026 }, { memberRecord: false }).value,
    ).toBe('none');
  });
});

describe('the UserMember password', () => {
  test('never reaches a snapshot or an effect', () => {
    const password = 'Sup3r-secret-passw0rd!';
    const body = paymentRequestSchema.parse({
      paymentType: 'UserMember',
      email: 'new@ubc.ca',
      fname: 'New',
      lname: 'Person',
      education: 'UBC',
      password,
      topics: 'a,b',
    });
    const app = applicantFromRequest(body as Extract<typeof body, { paymentType: 'UserMember' }>);
    const begun = stepMembership(
      undefined,
      {
        type: 'BEGIN',
        email: 'new@ubc.ca',
        membershipYear: 2026,
        paymentType: 'UserMember',
        applicant: app,
        priceCents: 1200,
      },
      { now: T0 },
    );
    const opened = stepMembership(
      begun.snapshot,
      { type: 'OPEN_CHECKOUT', session: session('cs_1', 1200, T0) },
      { now: T0 },
    );
    const paidResult = stepMembership(
      opened.snapshot,
      { type: 'PAYMENT_SUCCEEDED', payment: paid('cs_1', 1200) },
      { now: T0, profileID: 'P1' },
    );
    const everything = JSON.stringify([app, begun, opened, paidResult]);
    expect(everything).not.toContain(password);
    expect(everything).not.toContain('password');
  });
});
