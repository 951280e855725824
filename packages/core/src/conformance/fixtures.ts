import type { CheckoutSession, SessionPayment } from '../checkout/types.ts';
import type { MembershipApplicant } from '../membership/types.ts';
import type { Clock, EventRecord, IdGenerator } from '../ports.ts';

/** A clock tests move by hand. */
export function manualClock(
  // The current hour, not a fixed date: DynamoDB Local honours TTL, and its background sweep deletes
  // items whose `expiresAt` (set from this clock) is already in the real past, at random moments.
  start = Math.floor(Date.now() / 3_600_000) * 3_600_000,
): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    advance(ms) {
      now += ms;
    },
    set(ms) {
      now = ms;
    },
  };
}

/** Profile ids from a fixed list, then numbered ones: collisions can be staged on purpose. */
export function scriptedIds(script: string[] = []): IdGenerator {
  const queue = [...script];
  let n = 0;
  return { profileId: () => queue.shift() ?? `Profile${++n}${Math.random().toString(36).slice(2, 8)}` };
}

/** A paid event. */
export function paidEvent(overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id: 'blueprint',
    year: 2026,
    ename: 'Blueprint',
    imageUrl: 'https://example.com/blueprint.png',
    capac: 100,
    isApplicationBased: false,
    pricing: { members: 10, nonMembers: 19.99 },
    ...overrides,
  };
}

/** A checkout session as a gateway would return it. */
export function session(
  id: string,
  amount: number,
  now: number,
  overrides: Partial<CheckoutSession> = {},
): CheckoutSession {
  return {
    id,
    url: `https://checkout.local/${id}`,
    expiresAt: now + 31 * 60_000,
    amount,
    currency: 'cad',
    ...overrides,
  };
}

/** A settled payment of a session. */
export function paid(
  sessionId: string,
  amount: number,
  overrides: Partial<SessionPayment> = {},
): SessionPayment {
  return {
    sessionId,
    paymentStatus: 'paid',
    amountSubtotal: amount,
    amountTotal: amount,
    amountDiscount: 0,
    currency: 'cad',
    paymentIntent: `pi_${sessionId}`,
    ...overrides,
  };
}

/** A membership form. */
export function applicant(email: string, overrides: Partial<MembershipApplicant> = {}): MembershipApplicant {
  return {
    email,
    fname: 'Ada',
    lname: 'Lovelace',
    education: 'UBC',
    studentNumber: '12345678',
    faculty: 'Commerce',
    major: 'BUCS',
    year: '2nd Year',
    pronouns: 'she/her',
    diet: 'None',
    prevMember: false,
    international: false,
    topics: ['AI', 'Fintech'],
    heardFrom: 'Friend',
    ...overrides,
  };
}
