import type { MembershipKey, RegistrationKey } from '@biztech/payments-core';

/** Primary key of an item in the payments table (a type alias, so it is a plain `Record` for the SDK). */
export type PaymentsKey = { pk: string; sk: string };

/** The TTL attribute of the payments table (epoch seconds, as DynamoDB's TTL requires). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** The `eventID;year` string today's tables key registrations by. */
export function eventYearKey(eventID: string, year: number): string {
  return `${eventID};${year}`;
}

/** The record that a Stripe event was processed: `EVENT#evt_...`. */
export function processedEventKey(stripeEventId: string): PaymentsKey {
  return { pk: `EVENT#${stripeEventId}`, sk: 'EVENT' };
}

/** The seat counter of one event: `SEATS#<eventID>;<year>`. */
export function seatCounterKey(eventID: string, year: number): PaymentsKey {
  return { pk: `SEATS#${eventYearKey(eventID, year)}`, sk: 'SEATS' };
}

/** The membership snapshot of one (email, year): `MEMBERSHIP#<email>#<year>`. */
export function membershipSnapshotKey(key: MembershipKey): PaymentsKey {
  return { pk: membershipPartition(key), sk: 'SNAPSHOT' };
}

/** The partition that holds a membership's snapshot and audit trail. */
export function membershipPartition(key: MembershipKey): string {
  return `MEMBERSHIP#${key.email.toLowerCase()}#${key.membershipYear}`;
}

/** The partition that holds a registration's audit trail (its snapshot lives on the registration item). */
export function registrationPartition(key: RegistrationKey): string {
  return `REGISTRATION#${key.email.toLowerCase()}#${eventYearKey(key.eventID, key.year)}`;
}

/**
 * The audit line of the change that produced `version`. Versions are written under a version
 * condition, so the key is unique; zero-padding keeps a Query of the partition in order.
 */
export function auditKey(partition: string, version: number): PaymentsKey {
  return { pk: partition, sk: `AUDIT#${String(version).padStart(10, '0')}` };
}
