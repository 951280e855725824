import type {
  CheckoutSession,
  KnownSession,
  PaymentEffect,
  PaymentRecord,
  RefundMachineEvent,
  RefundRecord,
  SessionMachineEvent,
} from '../checkout/types.ts';

/** Today's `paymentType` values for a membership purchase. */
export const MEMBERSHIP_PAYMENT_TYPES = ['Member', 'UserMember', 'OAuthMember'] as const;
/** How the member pays and which records activation writes. */
export type MembershipPaymentType = (typeof MEMBERSHIP_PAYMENT_TYPES)[number];
/** How a membership came to be: one of the payment types, or an admin's grant. */
export type MembershipSource = MembershipPaymentType | 'AdminGrant';

/** Identifies one membership: one machine per (email, membership year). */
export interface MembershipKey {
  /** Lower-cased. */
  email: string;
  /** The membership year the member table is for, e.g. 2026 for `biztechMembers2026`. */
  membershipYear: number;
}

/**
 * The membership form, normalised. It is kept in our store (never in Stripe metadata) so the
 * activation can write the user, member and profile records. It has no password field, by design.
 */
export interface MembershipApplicant {
  email: string;
  fname: string;
  lname: string;
  education: string;
  studentNumber?: string | undefined;
  faculty?: string | undefined;
  major?: string | undefined;
  /** Year of study as the form sends it, e.g. "2nd Year". */
  year?: string | undefined;
  pronouns?: string | undefined;
  diet?: string | undefined;
  gender?: string | undefined;
  prevMember?: boolean | undefined;
  international?: boolean | undefined;
  topics: string[];
  heardFrom?: string | undefined;
  university?: string | undefined;
  highSchool?: string | undefined;
}

/** Context of the membership machine. */
export interface MembershipContext {
  email: string;
  membershipYear: number;
  source: MembershipSource | null;
  applicant: MembershipApplicant | null;
  priceCents: number;
  /** Whether the identity (Cognito account) was asked for, so it is asked for once. */
  identityRequested: boolean;
  checkout: CheckoutSession | null;
  sessions: KnownSession[];
  attempts: number;
  payment: PaymentRecord | null;
  refund: RefundRecord | null;
  profileID: string | null;
  /** Epoch milliseconds. */
  activatedAt: number | null;
  processedKeys: string[];
  /**
   * Active because the year's member item exists (today's system, or another writer, made the
   * member), not through a payment of ours. Absent on snapshots written before this field existed.
   */
  legacyMember?: boolean;
  /**
   * The payment intent of today's system's session that a refund named: taken as the payment of a
   * legacy membership, which has no payment record of ours (see `legacySession` on refunds).
   */
  legacyPaymentIntent?: string;
  /** Refunds that arrived before their payment (Stripe does not order events), applied when it lands. */
  earlyRefunds?: EarlyMembershipRefund[];
}

/** A `charge.refunded` kept until its payment arrives. */
export interface EarlyMembershipRefund {
  paymentIntent: string;
  /** Cumulative, as Stripe reports it. */
  amountRefunded: number;
  amountCaptured: number;
  /** A refund of today's system's session: it belongs to the legacy membership, if one is found. */
  legacySession?: boolean;
}

/**
 * `charge.refunded` for a membership. `legacySession` is set by the adapter when the charge paid a
 * session today's system opened (its metadata has no `attempt`): then a legacy membership, which
 * has no payment record of ours, takes the refund as one of its own payment.
 */
export type MembershipRefundEvent = RefundMachineEvent & { legacySession?: boolean };

/** Events that drive a membership. */
export type MembershipEvent =
  | {
      type: 'BEGIN';
      email: string;
      membershipYear: number;
      paymentType: MembershipPaymentType;
      applicant: MembershipApplicant;
      priceCents: number;
    }
  | { type: 'OPEN_CHECKOUT'; session: CheckoutSession }
  | SessionMachineEvent
  | MembershipRefundEvent
  | { type: 'ADMIN_GRANT'; email: string; membershipYear: number; applicant: MembershipApplicant }
  /**
   * The runner found the year's member item (`biztechMembers<year>`) that this snapshot does not
   * account for: today's system made the member. The membership is active from now on (a live
   * checkout is expired); `repairUser` when the user exists without `isMember: true`, which the
   * same commit sets.
   */
  | {
      type: 'MEMBER_RECORD_FOUND';
      email: string;
      membershipYear: number;
      repairUser: boolean;
      profileID: string | null;
    };

/** A `biztechUsers` item as activation writes it (only the fields activation owns). */
export interface UserRecord {
  id: string;
  fname: string;
  lname: string;
  education: string;
  studentId?: string | undefined;
  faculty?: string | undefined;
  major?: string | undefined;
  year?: string | undefined;
  gender?: string | undefined;
  diet?: string | undefined;
  isMember: true;
  admin: boolean;
}

/** A `biztechMembers2026` item. */
export interface MemberRecord {
  id: string;
  firstName: string;
  lastName: string;
  pronouns?: string | undefined;
  studentNumber?: string | undefined;
  faculty?: string | undefined;
  year?: string | undefined;
  major?: string | undefined;
  prevMember: boolean;
  international: boolean;
  topics: string[];
  diet?: string | undefined;
  heardFrom?: string | undefined;
  university?: string | undefined;
  highSchool?: string | undefined;
  education: string;
  admin: boolean;
  profileID: string;
  createdAt: number;
  updatedAt: number;
}

/** A `biztechProfiles` item. */
export interface ProfileRecord {
  compositeID: string;
  type: 'PROFILE';
  profileID: string;
  fname: string;
  lname: string;
  pronouns?: string | undefined;
  major?: string | undefined;
  year?: string | undefined;
  profileType: 'EXEC' | 'ATTENDEE';
  viewableMap: Record<string, boolean>;
  createdAt: number;
  updatedAt: number;
}

/** The three records activation writes together, in one transaction. */
export interface ActivationRecords {
  /** `update` sets `isMember` and the form fields on an existing user (`Member`); `create` makes the user (`UserMember`, `OAuthMember`, admin grant), or updates it if it already exists. */
  userMode: 'update' | 'create';
  user: UserRecord;
  member: MemberRecord;
  profile: ProfileRecord;
}

/** Effects a membership step asks the adapters to carry out. */
export type MembershipEffect =
  /** Create the sign-in identity before checkout. The adapter supplies the password from the request; it is never in here. */
  | { type: 'identity.create'; email: string; fname: string; lname: string }
  /** Write the user, member and profile records together. At most one per membership. */
  | {
      type: 'membership.activate';
      email: string;
      membershipYear: number;
      source: MembershipSource;
      records: ActivationRecords;
    }
  /**
   * A full refund ended the membership: set `isMember: false` on the user (member and profile
   * records stay as history). Stores clear the flag only for the current membership year's
   * membership: `isMember` speaks for the current year, and a refund of another year says nothing about it.
   */
  | { type: 'membership.revoke'; email: string; membershipYear: number }
  /** The year's member item exists but the existing user lacks `isMember: true`: set it (today's half-written memberships). */
  | { type: 'membership.repair'; email: string; membershipYear: number }
  | PaymentEffect;
