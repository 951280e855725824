import type { EventRegistration, RegistrationKey } from '@biztech/payments-core';

/**
 * A registration standing in the event's waitlist line: waitlisted for capacity (not an
 * application, which leaves the waitlist by decision) and not one whose seat offer lapsed (it
 * waits on, but is never offered a seat again and keeps nobody behind it waiting).
 */
export function isWaiting(r: EventRegistration): boolean {
  if (r.stored.kind !== 'snapshot') {
    return r.stored.item.registrationStatus === 'waitlist' && !r.stored.item.applicationStatus;
  }
  const { value, context } = r.stored.snapshot;
  return value === 'waitlist' && !context.isApplicationBased && context.offerLapsed !== true;
}

/** First come, first served: earlier `createdAt`, then the email, so the order is total. */
export function comesBefore(
  a: EventRegistration,
  b: { key: RegistrationKey; createdAt: number | undefined },
): boolean {
  const at = a.createdAt ?? Number.POSITIVE_INFINITY;
  const bt = b.createdAt ?? Number.POSITIVE_INFINITY;
  return at < bt || (at === bt && a.key.email < b.key.email);
}

/** The event's waitlist line, oldest first (see {@link isWaiting} and {@link comesBefore}). */
export function waitlistLine(all: readonly EventRegistration[]): EventRegistration[] {
  return all.filter(isWaiting).sort((a, b) => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0));
}
