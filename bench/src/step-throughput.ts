import { stepMembership, stepRegistration } from '@biztech/payments-core';
import { applicant, paid, session } from '@biztech/payments-core/conformance';

const T0 = Date.UTC(2026, 0, 15, 12);

/**
 * Pure steps per second: a paid registration (REGISTER, OPEN_CHECKOUT, PAYMENT_SUCCEEDED and the
 * same payment again) and a membership (BEGIN, OPEN_CHECKOUT, PAYMENT_SUCCEEDED), over and over.
 */
export function stepThroughput(cycles: number): { registration: number; membership: number } {
  let started = performance.now();
  for (let i = 0; i < cycles; i++) {
    const email = `r${i}@ubc.ca`;
    const a = stepRegistration(
      undefined,
      {
        type: 'REGISTER',
        email,
        eventID: 'blueprint',
        year: 2026,
        isApplicationBased: false,
        priceCents: 1999,
        seatAvailable: true,
      },
      { now: T0 },
    );
    const b = stepRegistration(
      a.snapshot,
      { type: 'OPEN_CHECKOUT', session: session(`cs_${i}`, 1999, T0), seatAvailable: true },
      { now: T0 },
    );
    const c = stepRegistration(
      b.snapshot,
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: `evt_${i}`, payment: paid(`cs_${i}`, 1999) },
      { now: T0 },
    );
    stepRegistration(
      c.snapshot,
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: `evt_${i}`, payment: paid(`cs_${i}`, 1999) },
      { now: T0 },
    );
  }
  const registration = (cycles * 4) / ((performance.now() - started) / 1000);
  started = performance.now();
  for (let i = 0; i < cycles; i++) {
    const email = `m${i}@ubc.ca`;
    const a = stepMembership(
      undefined,
      {
        type: 'BEGIN',
        email,
        membershipYear: 2026,
        paymentType: 'Member',
        applicant: applicant(email),
        priceCents: 1200,
      },
      { now: T0 },
    );
    const b = stepMembership(
      a.snapshot,
      { type: 'OPEN_CHECKOUT', session: session(`cs_${i}`, 1200, T0) },
      { now: T0 },
    );
    stepMembership(
      b.snapshot,
      { type: 'PAYMENT_SUCCEEDED', stripeEventId: `evt_${i}`, payment: paid(`cs_${i}`, 1200) },
      { now: T0, profileID: `P${i}` },
    );
  }
  const membership = (cycles * 3) / ((performance.now() - started) / 1000);
  return { registration, membership };
}
