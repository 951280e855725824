import { isLive } from '../checkout/session-guards.ts';
import { EMPTY_REGISTRATION_CONTEXT } from './machine.ts';
import type { RegistrationSnapshot, RegistrationState } from './step.ts';
import {
  APPLICATION_STATUSES,
  type ApplicationStatus,
  REGISTRATION_STATUSES,
  type RegistrationContext,
  type RegistrationStatus,
} from './types.ts';

/** The status strings stored on a `biztechRegistrations` item, as other services read them. */
export interface RegistrationStatusPair {
  registrationStatus: RegistrationStatus;
  applicationStatus: ApplicationStatus;
}

/** A registration item as today's system stores it: status strings, perhaps a checkout link, no snapshot. */
export interface LegacyRegistration {
  id: string;
  'eventID;year': string;
  registrationStatus?: string | undefined;
  applicationStatus?: string | undefined;
  checkoutLink?: string | undefined;
}

/** What the loader needs from the event to rebuild a legacy registration's context. */
export interface LegacyEventFacts {
  isApplicationBased: boolean;
  /** This registrant's price in cents (0 for a free event). */
  priceCents: number;
}

/**
 * The state a stored pair of status strings means. Unknown or missing strings are treated as
 * today's code treats them: an unknown `registrationStatus` is `incomplete` when the event is
 * paid and `registered` when it is free.
 */
export function stateFromStatuses(
  registrationStatus: string | undefined,
  applicationStatus: string | undefined,
  facts: LegacyEventFacts,
): RegistrationState {
  switch (registrationStatus) {
    case 'checkedIn':
    case 'cancelled':
    case 'acceptedComplete':
    case 'acceptedPending':
    case 'accepted':
    case 'rejected':
    case 'waitlist':
      return registrationStatus;
  }
  // `incomplete` and `registered` (and anything unknown) defer to the application's status.
  switch (applicationStatus) {
    case 'reviewing':
      return 'reviewing';
    case 'rejected':
      return 'rejected';
    case 'waitlist':
      return 'waitlist';
    case 'accepted':
      return registrationStatus === 'registered'
        ? 'registered'
        : facts.priceCents > 0
          ? 'accepted'
          : 'acceptedPending';
  }
  if (registrationStatus === 'registered') return 'registered';
  if (registrationStatus === 'incomplete') return 'incomplete';
  return facts.priceCents > 0 ? 'incomplete' : 'registered';
}

/**
 * The status strings a state is stored as. An application under review keeps what today's
 * frontend writes for it: `incomplete` on a paid event, `registered` on a free one.
 */
export function statusesOf(
  snapshot: Pick<RegistrationSnapshot, 'value' | 'context'>,
): RegistrationStatusPair {
  const { context } = snapshot;
  const state = snapshot.value as RegistrationState;
  const app = context.applicationStatus;
  switch (state) {
    case 'unregistered':
    case 'incomplete':
      return { registrationStatus: 'incomplete', applicationStatus: app };
    case 'reviewing':
      return {
        registrationStatus: context.priceCents > 0 ? 'incomplete' : 'registered',
        applicationStatus: 'reviewing',
      };
    case 'waitlist':
      return {
        registrationStatus: 'waitlist',
        applicationStatus: context.isApplicationBased ? 'waitlist' : app,
      };
    case 'accepted':
    case 'acceptedPending':
    case 'acceptedComplete':
      return { registrationStatus: state, applicationStatus: 'accepted' };
    case 'rejected':
      return { registrationStatus: 'rejected', applicationStatus: 'rejected' };
    default:
      return { registrationStatus: state, applicationStatus: app };
  }
}

/**
 * Loads a registration stored by today's system (no snapshot) as a snapshot at version 0.
 * A legacy `checkoutLink` carries no expiry, so it is never handed out again: asking to pay
 * opens a fresh session. Confirmed places count as used seats.
 */
export function registrationFromLegacy(
  item: LegacyRegistration,
  facts: LegacyEventFacts,
): RegistrationSnapshot {
  const [eventID = '', yearText = '0'] = item['eventID;year'].split(';');
  const value = stateFromStatuses(item.registrationStatus, item.applicationStatus, facts);
  const knownApp = (APPLICATION_STATUSES as readonly string[]).includes(item.applicationStatus ?? '');
  const context: RegistrationContext = {
    ...EMPTY_REGISTRATION_CONTEXT,
    email: item.id.toLowerCase(),
    eventID,
    year: Number(yearText),
    isApplicationBased: facts.isApplicationBased || (item.applicationStatus ?? '') !== '',
    priceCents: facts.priceCents,
    applicationStatus: knownApp ? ((item.applicationStatus ?? '') as ApplicationStatus) : '',
    seat: value === 'registered' || value === 'acceptedComplete' || value === 'checkedIn' ? 'used' : 'none',
  };
  return { schemaVersion: 1, machine: 'registration', version: 0, value, context };
}

/** True for a string that is one of today's `registrationStatus` values. */
export function isRegistrationStatus(value: unknown): value is RegistrationStatus {
  return (REGISTRATION_STATUSES as readonly unknown[]).includes(value);
}

/** The URL to hand out for paying, only while the session is live (never at or after `expiresAt`). */
export function checkoutLinkOf(context: RegistrationContext, now: number): string | undefined {
  return isLive(context.checkout, now) ? context.checkout.url : undefined;
}
