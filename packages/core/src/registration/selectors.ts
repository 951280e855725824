import { checkoutLinkOf } from './legacy.ts';
import type { RegistrationSnapshot } from './step.ts';

type Snap = Pick<RegistrationSnapshot, 'value' | 'context'> | undefined;

/**
 * True when the registrant must pay before their place is confirmed: a paid registration that is
 * `incomplete`, or an application that was `accepted` on a paid event. Same question as today's
 * `RegistrationStrategy.needsPayment()`.
 */
export function needsPayment(snapshot: Snap): boolean {
  return snapshot?.value === 'incomplete' || snapshot?.value === 'accepted';
}

/** True when an accepted application on a free event waits for the registrant's confirmation. */
export function needsConfirmation(snapshot: Snap): boolean {
  return snapshot?.value === 'acceptedPending';
}

/** True while the registration is on the waitlist. */
export function isWaitlisted(snapshot: Snap): boolean {
  return snapshot?.value === 'waitlist';
}

/** True once the registrant was checked in at the event. */
export function isCheckedIn(snapshot: Snap): boolean {
  return snapshot?.value === 'checkedIn';
}

/** True when an application-based registration is complete (`acceptedComplete`). */
export function isConfirmed(snapshot: Snap): boolean {
  return snapshot?.value === 'acceptedComplete';
}

/** True when the registrant holds a confirmed place (paid or free), before or after check-in. */
export function hasPlace(snapshot: Snap): boolean {
  return (
    snapshot?.value === 'registered' ||
    snapshot?.value === 'acceptedComplete' ||
    snapshot?.value === 'checkedIn'
  );
}

/**
 * The checkout URL to send the registrant to, only while its session is live: `undefined` at or
 * after `expiresAt`, so an expired page is never handed out.
 *
 * @param now epoch milliseconds
 */
export function liveCheckoutUrl(snapshot: Snap, now: number): string | undefined {
  return snapshot ? checkoutLinkOf(snapshot.context, now) : undefined;
}
