import type { CheckoutReference } from './checkout/metadata.ts';
import type { CheckoutSession, SessionPayment } from './checkout/types.ts';
import type { StepOutcome } from './engine/types.ts';
import type { MembershipSnapshot } from './membership/step.ts';
import type { MemberRecord, MembershipEffect, MembershipKey, ProfileRecord } from './membership/types.ts';
import type { OutboxItem, QueueItem } from './operations/types.ts';
import type { EventPricing } from './pricing.ts';
import type { LegacyRegistration } from './registration/legacy.ts';
import type { RegistrationSnapshot } from './registration/step.ts';
import type { RegistrationEffect, RegistrationKey } from './registration/types.ts';

// ---------------------------------------------------------------------------------------------
// Time and ids
// ---------------------------------------------------------------------------------------------

/** The only source of "now" below the composition root. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Makes ids the domain needs. */
export interface IdGenerator {
  /** A fresh human-readable profile id such as `SillyPandasDeny`; uniqueness is the store's to enforce. */
  profileId(): string;
}

// ---------------------------------------------------------------------------------------------
// Read models of today's tables
// ---------------------------------------------------------------------------------------------

/** A `biztechEvents` item, as far as payments need it. */
export interface EventRecord {
  id: string;
  year: number;
  ename: string;
  imageUrl?: string | undefined;
  /** Seats; `undefined` means no limit. */
  capac?: number | undefined;
  isApplicationBased: boolean;
  /** Dollars. */
  pricing?: EventPricing | undefined;
}

/** A `biztechUsers` item, as far as payments need it. */
export interface UserSummary {
  id: string;
  isMember: boolean;
  fname?: string | undefined;
  lname?: string | undefined;
  education?: string | undefined;
  admin?: boolean | undefined;
}

/** Reads events and their seat counts. */
export interface EventStore {
  getEvent(eventID: string, year: number): Promise<EventRecord | undefined>;
  /** Seats held or used right now (the counter the registration commits keep). */
  seatsTaken(eventID: string, year: number): Promise<number>;
  /** Every event of `fromYear` or later (all pages read): what the reconciler recounts. */
  listEvents(fromYear: number): Promise<EventRecord[]>;
  /**
   * Sets the seat counter to `taken`, conditionally on it still being `expected` (the count read
   * before the recount); resolves to false when a registration commit moved it meanwhile.
   */
  repairSeatsTaken(eventID: string, year: number, expected: number, taken: number): Promise<boolean>;
}

/** Reads users. */
export interface UserStore {
  getUser(email: string): Promise<UserSummary | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Machine stores
// ---------------------------------------------------------------------------------------------

/** One line of the audit trail, written in the same transaction as the change it describes. */
export interface AuditEntry {
  /** Epoch milliseconds. */
  at: number;
  /** The machine event type, e.g. `PAYMENT_SUCCEEDED`. */
  event: string;
  from: string;
  to: string;
  outcome: StepOutcome;
  reason?: string | undefined;
  stripeEventId?: string | undefined;
  sessionId?: string | undefined;
  paymentIntent?: string | undefined;
  /** Effect types, in order. */
  effects: string[];
  /** Who asked for the change when a person did (an admin's email and Cognito `sub`); absent for Stripe events. */
  actor?: Actor | undefined;
}

/** A person acting through the operator API, as their verified ID token says. */
export interface Actor {
  email: string;
  sub: string;
  /** Why, in the admin's words (a membership grant's reason, a queue resolution's note), when they gave one. */
  note?: string | undefined;
}

/**
 * Reads the audit trails the commits wrote (one line per committed change, in the same
 * transaction as the change), for the operator API.
 */
export interface AuditTrail {
  /** Every line of one registration's trail, oldest first; empty when it has none. */
  registrationAudit(key: RegistrationKey): Promise<AuditEntry[]>;
  /** Every line of one membership's trail, oldest first; empty when it has none. */
  membershipAudit(key: MembershipKey): Promise<AuditEntry[]>;
}

/** What `load` found: a snapshot we wrote, or an item today's system wrote (no snapshot). */
export type Stored<TSnapshot, TLegacy> =
  | {
      kind: 'snapshot';
      snapshot: TSnapshot;
      /** The status strings on the item, which another service may have changed since our last write. */
      statuses?:
        | { registrationStatus?: string | undefined; applicationStatus?: string | undefined }
        | undefined;
    }
  | { kind: 'legacy'; item: TLegacy };

/** Where the stored item stands, for the conditional write. */
export interface ExpectedVersion {
  /** False when no item exists yet: the write must create it. */
  exists: boolean;
  /** The snapshot version read (0 for a legacy item, which has none). */
  version: number;
}

/** One atomic registration change. */
export interface RegistrationCommit {
  key: RegistrationKey;
  expected: ExpectedVersion;
  next: RegistrationSnapshot;
  /** The store carries out `seat.*` effects in the same transaction; others are for the caller. */
  effects: RegistrationEffect[];
  /** The event's capacity; `seat.hold` and `seat.take` with `enforceCapacity` must keep the count within it. */
  capacity?: number | undefined;
  /** Recorded as processed (once only) in the same transaction. */
  stripeEventId?: string | undefined;
  /** Extra attributes to write when the item is created (the registration form, as today's frontend sends it). */
  form?: Record<string, unknown> | undefined;
  /**
   * Effects that call out (a refund, an expiry, an email), recorded in the same transaction so none
   * is lost when the process dies after the commit; the same id twice keeps one item.
   */
  outbox?: OutboxItem[] | undefined;
  /** Operator queue items the step found (a refund needed, a mismatch), opened in the same transaction unless open already. */
  queue?: QueueItem[] | undefined;
  audit: AuditEntry;
}

/**
 * Keeps registrations. `commit` is all-or-nothing and conditional:
 * - the stored version must equal `expected` (else `VersionConflictError`);
 * - `stripeEventId` must be new (else `DuplicateEventError`);
 * - a capacity-checked seat must fit (else `CapacityExceededError`);
 * - a fault the caller may retry is a `StoreUnavailableError`.
 * The stored item keeps today's attribute names (`registrationStatus`, `applicationStatus`, `checkoutLink`).
 */
export interface RegistrationStore {
  loadRegistration(
    key: RegistrationKey,
  ): Promise<Stored<RegistrationSnapshot, LegacyRegistration> | undefined>;
  commitRegistration(commit: RegistrationCommit): Promise<void>;
  /** The registration form attributes stored with the item (everything but our own bookkeeping). */
  getRegistrationForm(key: RegistrationKey): Promise<Record<string, unknown> | undefined>;
  /**
   * Every registration of one event, in no particular order (all pages read). For the waitlist's
   * order and for holds whose checkout has lapsed; may lag the latest writes by a moment (an index
   * read), which the conditional commits make harmless.
   */
  listEventRegistrations(eventID: string, year: number): Promise<EventRegistration[]>;
  /**
   * Every registration of one person (all pages, read consistently): for today's
   * `GET /registrations?email=`. Each comes with its stored attributes minus our bookkeeping.
   */
  listPersonRegistrations(email: string): Promise<PersonRegistration[]>;
}

/** One registration of a person, as {@link RegistrationStore.listPersonRegistrations} finds it. */
export interface PersonRegistration {
  key: RegistrationKey;
  stored: Stored<RegistrationSnapshot, LegacyRegistration>;
  /** The item's attributes as other services read them (statuses, form, `createdAt`, ...), without our snapshot. */
  attributes: Record<string, unknown>;
}

/** One registration of an event, as {@link RegistrationStore.listEventRegistrations} finds it. */
export interface EventRegistration {
  key: RegistrationKey;
  stored: Stored<RegistrationSnapshot, LegacyRegistration>;
  /** When it was created (epoch ms), if the item says. */
  createdAt: number | undefined;
  /** When it was last written (epoch ms), if the item says. */
  updatedAt?: number | undefined;
}

/** One atomic membership change. */
export interface MembershipCommit {
  key: MembershipKey;
  expected: ExpectedVersion;
  next: MembershipSnapshot;
  /**
   * The store carries out `membership.activate` (user, member and profile, with the profile id's
   * uniqueness as a condition, else `ProfileIdTakenError`, and the year's member item created only
   * if absent, else `MemberRecordExistsError`), `membership.revoke` (`isMember: false`, for the
   * current membership year's membership only) and `membership.repair` (`isMember: true` on the
   * existing user) in the same transaction.
   */
  effects: MembershipEffect[];
  stripeEventId?: string | undefined;
  /**
   * Effects that call out (a refund, an expiry, an email), recorded in the same transaction so none
   * is lost when the process dies after the commit; the same id twice keeps one item.
   */
  outbox?: OutboxItem[] | undefined;
  /** Operator queue items the step found (a refund needed, a mismatch), opened in the same transaction unless open already. */
  queue?: QueueItem[] | undefined;
  audit: AuditEntry;
}

/** Keeps memberships, and the member and profile records activation writes. */
export interface MembershipStore {
  loadMembership(key: MembershipKey): Promise<MembershipSnapshot | undefined>;
  commitMembership(commit: MembershipCommit): Promise<void>;
  /** The member item of one membership year (`biztechMembers<year>`): members are kept per year. */
  getMember(email: string, membershipYear: number): Promise<MemberRecord | undefined>;
  getProfile(profileID: string): Promise<ProfileRecord | undefined>;
}

// ---------------------------------------------------------------------------------------------
// Payment gateway and identity
// ---------------------------------------------------------------------------------------------

/** What to put on a new checkout session. */
export interface CreateCheckoutInput {
  reference: CheckoutReference;
  /** Cents. */
  amount: number;
  currency: string;
  productName: string;
  imageUrl?: string | undefined;
  successUrl: string;
  cancelUrl: string;
  customerEmail?: string | undefined;
  /** Epoch milliseconds; Stripe requires 30 minutes to 24 hours from now. */
  expiresAt: number;
  /** Same input and key → same session, so a retried request never opens a second one. */
  idempotencyKey: string;
}

/** A session as the gateway reports it now. */
export interface CheckoutSessionStatus {
  id: string;
  status: 'open' | 'complete' | 'expired';
  payment: SessionPayment;
  metadata: Record<string, string>;
  expiresAt: number;
  url: string | null;
}

/** Stripe, or anything that speaks for it. */
export interface PaymentGateway {
  createCheckout(input: CreateCheckoutInput): Promise<CheckoutSession>;
  retrieveCheckout(sessionId: string): Promise<CheckoutSessionStatus | undefined>;
  /** The session a payment intent paid, to route `charge.refunded` when the charge carries no metadata. */
  findCheckoutByPaymentIntent(paymentIntent: string): Promise<CheckoutSessionStatus | undefined>;
  expireCheckout(sessionId: string): Promise<void>;
  /** Refunds a payment; `id` is null when the charge was refunded in full already (nothing left to refund). */
  refund(input: {
    paymentIntent: string;
    amount?: number;
    idempotencyKey: string;
  }): Promise<{ id: string | null }>;
}

/** Creates sign-in identities (Cognito) for `UserMember` purchases. */
export interface IdentityProvider {
  /**
   * Signs the user up. Idempotent: an existing identity for the same email is not an error.
   * The password is used for this call only; implementations must not log or store it.
   */
  signUp(input: {
    email: string;
    password: string;
    fname: string;
    lname: string;
  }): Promise<{ created: boolean }>;
}
