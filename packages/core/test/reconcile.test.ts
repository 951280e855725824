import { describe, expect, test } from 'vitest';
import { reconcileRegistration } from '../src/registration/reconcile.ts';
import { liveCheckoutUrl } from '../src/registration/selectors.ts';
import { stepRegistration } from '../src/registration/step.ts';
import { registrationScenario } from './support/scenario.ts';

describe('statuses written by other services', () => {
  test('the check-in tool set checkedIn: the snapshot follows, and a refund no longer cancels', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    r.pay('cs_1', {}, 'evt_1');
    const reconciled = reconcileRegistration(r.snapshot, {
      registrationStatus: 'checkedIn',
      applicationStatus: '',
    });
    expect(reconciled.value).toBe('checkedIn');
    expect(reconciled.version).toBe(r.snapshot.version);
    expect(reconciled.context.payment).toEqual(r.snapshot.context.payment);
    const refund = stepRegistration(
      reconciled,
      { type: 'CHARGE_REFUNDED', paymentIntent: 'pi_cs_1', amountRefunded: 1999, amountCaptured: 1999 },
      { now: r.now },
    );
    expect(refund.snapshot.value).toBe('checkedIn');
    expect(refund.snapshot.context.refund).toEqual({ amountRefunded: 1999, full: true });
  });

  test('an admin cancelled an unpaid registration: its checkout link is never handed out again', () => {
    const r = registrationScenario();
    r.register();
    r.open('cs_1');
    const reconciled = reconcileRegistration(r.snapshot, { registrationStatus: 'cancelled' });
    expect(reconciled.value).toBe('cancelled');
    expect(liveCheckoutUrl(reconciled, r.now)).toBeUndefined();
  });

  test('matching strings, or none, leave the snapshot as it is', () => {
    const r = registrationScenario();
    r.register();
    expect(
      reconcileRegistration(r.snapshot, { registrationStatus: 'incomplete', applicationStatus: '' }),
    ).toBe(r.snapshot);
    expect(reconcileRegistration(r.snapshot, { registrationStatus: 'incomplete' })).toBe(r.snapshot);
    expect(reconcileRegistration(r.snapshot, {})).toBe(r.snapshot);
  });
});
