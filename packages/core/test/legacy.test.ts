import { describe, expect, test } from 'vitest';
import { registrationFromLegacy, stateFromStatuses, statusesOf } from '../src/registration/legacy.ts';
import { liveCheckoutUrl, needsPayment } from '../src/registration/selectors.ts';
import { APPLICATION_STATUSES, REGISTRATION_STATUSES } from '../src/registration/types.ts';

const item = (
  registrationStatus?: string,
  applicationStatus?: string,
  extra: Record<string, string> = {},
) => ({
  id: 'Ada@UBC.ca',
  'eventID;year': 'blueprint;2026',
  ...(registrationStatus === undefined ? {} : { registrationStatus }),
  ...(applicationStatus === undefined ? {} : { applicationStatus }),
  ...extra,
});

describe('legacy registrations', () => {
  const regs = [...REGISTRATION_STATUSES, 'somethingElse', undefined];
  const apps = [...APPLICATION_STATUSES, undefined];
  const facts = [
    { isApplicationBased: false, priceCents: 0 },
    { isApplicationBased: false, priceCents: 1999 },
    { isApplicationBased: true, priceCents: 0 },
    { isApplicationBased: true, priceCents: 1999 },
  ];
  test(`every status combination (${regs.length * apps.length * facts.length}) loads, and what we write back loads the same`, () => {
    for (const r of regs) {
      for (const a of apps) {
        for (const f of facts) {
          const snapshot = registrationFromLegacy(item(r, a), f);
          expect(snapshot.version).toBe(0);
          expect(snapshot.context.email).toBe('ada@ubc.ca');
          const pair = statusesOf(snapshot);
          expect(REGISTRATION_STATUSES).toContain(pair.registrationStatus);
          expect(APPLICATION_STATUSES).toContain(pair.applicationStatus);
          expect(stateFromStatuses(pair.registrationStatus, pair.applicationStatus, f)).toBe(snapshot.value);
        }
      }
    }
  });

  test("today's well-formed pairs load into the state they mean and are written back unchanged", () => {
    const paid = { isApplicationBased: false, priceCents: 1999 };
    const app = { isApplicationBased: true, priceCents: 1999 };
    const expectations: [string, string, typeof paid, string][] = [
      ['incomplete', '', paid, 'incomplete'],
      ['registered', '', paid, 'registered'],
      ['waitlist', '', paid, 'waitlist'],
      ['checkedIn', '', paid, 'checkedIn'],
      ['cancelled', '', paid, 'cancelled'],
      ['incomplete', 'reviewing', app, 'reviewing'],
      ['accepted', 'accepted', app, 'accepted'],
      ['acceptedPending', 'accepted', { isApplicationBased: true, priceCents: 0 }, 'acceptedPending'],
      ['acceptedComplete', 'accepted', app, 'acceptedComplete'],
      ['rejected', 'rejected', app, 'rejected'],
      ['waitlist', 'waitlist', app, 'waitlist'],
    ];
    for (const [reg, appStatus, f, state] of expectations) {
      const snapshot = registrationFromLegacy(item(reg, appStatus), f);
      expect(snapshot.value, `${reg}/${appStatus}`).toBe(state);
      expect(statusesOf(snapshot)).toEqual({ registrationStatus: reg, applicationStatus: appStatus });
    }
  });

  test('a legacy checkoutLink (no expiry known) is never handed out, but the registration still needs payment', () => {
    const snapshot = registrationFromLegacy(
      item('incomplete', '', { checkoutLink: 'https://checkout.stripe.com/c/pay/cs_old' }),
      { isApplicationBased: false, priceCents: 1999 },
    );
    expect(liveCheckoutUrl(snapshot, 0)).toBeUndefined();
    expect(needsPayment(snapshot)).toBe(true);
  });

  test('confirmed places count as used seats', () => {
    expect(
      registrationFromLegacy(item('registered', ''), { isApplicationBased: false, priceCents: 0 }).context
        .seat,
    ).toBe('used');
    expect(
      registrationFromLegacy(item('incomplete', ''), { isApplicationBased: false, priceCents: 1999 }).context
        .seat,
    ).toBe('none');
  });
});
