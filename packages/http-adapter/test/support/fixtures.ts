import type { EventRecord } from '@biztech/payments-core';
import { CLIENT_URL } from './stack.ts';

let n = 0;
/** A unique id for a test's event or email. */
export const uid = (label: string) => `${label}${++n}${Math.random().toString(36).slice(2, 6)}`;

/** A paid event: members 10.00, non-members 19.99 (a float that `* 100` gets wrong). */
export function paidEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: uid('paid'),
    year: 2026,
    ename: 'Blueprint',
    imageUrl: 'https://example.com/blueprint.png',
    isApplicationBased: false,
    pricing: { members: 10, nonMembers: 19.99 },
    ...overrides,
  };
}

/** `regForPaid` / `regForPaidApp` / `regForFree` body of today's frontend. */
export function registrationBody(
  email: string,
  event: { id: string; year: number },
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    email,
    fname: 'Ada',
    studentId: 12345678,
    eventID: event.id,
    year: event.year,
    registrationStatus: 'incomplete',
    isPartner: false,
    points: 0,
    basicInformation: {
      fname: 'Ada',
      lname: 'Lovelace',
      gender: ['She/Her'],
      year: '3rd Year',
      faculty: 'Science',
      major: 'Computer Science',
      diet: 'None',
      heardFrom: 'Instagram',
    },
    dynamicResponses: { q1: 'Because engines', q2: ['a', 'b'] },
    applicationStatus: '',
    ...overrides,
  };
}

/** `POST /payments` body of `regForPaid` / `regForPaidApp` (no cancel_url). */
export function eventPaymentBody(
  email: string,
  event: { id: string; year: number },
  successSuffix = 'register/success',
) {
  return {
    paymentType: 'Event',
    success_url: `${CLIENT_URL}event/${event.id}/${event.year}/${successSuffix}`,
    email,
    fname: 'Ada',
    eventID: event.id,
    year: event.year,
  };
}

/** The membership page's body (`Member`, `OAuthMember`; `UserMember` adds a password). */
export function membershipBody(
  email: string,
  paymentType: 'Member' | 'OAuthMember' | 'UserMember',
  extra: Record<string, unknown> = {},
) {
  return {
    paymentName: 'BizTech Membership',
    paymentImages: ['https://example.com/membership.png'],
    paymentType,
    success_url: CLIENT_URL,
    cancel_url: `${CLIENT_URL}membership`,
    education: 'UBC',
    student_number: '12345678',
    fname: 'Grace',
    lname: 'Hopper',
    major: 'Computer Science',
    email,
    year: '2nd Year',
    faculty: 'Science',
    pronouns: 'she/her',
    diet: 'None',
    prev_member: false,
    international: true,
    referral: 'Friend',
    topics: 'Fintech,AI,Startups',
    ...extra,
  };
}

/** The id of a checkout session from its hosted URL or a `POST /payments` answer. */
export const sessionIdOf = (url: string) => url.split('/').pop() as string;
