import type {
  CheckoutSession,
  KnownSession,
  PaymentEffect,
  PaymentRecord,
  RefundMachineEvent,
  RefundRecord,
  SessionMachineEvent,
  SessionPayment,
} from '../checkout/types.ts';

/** `registrationStatus` strings other BizTech services and the frontend read. */
export const REGISTRATION_STATUSES = [
  'incomplete',
  'registered',
  'waitlist',
  'checkedIn',
  'cancelled',
  'accepted',
  'acceptedPending',
  'acceptedComplete',
  'rejected',
] as const;
/** One of the stored `registrationStatus` strings. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** `applicationStatus` strings; the empty string is what non-application events store. */
export const APPLICATION_STATUSES = ['', 'reviewing', 'accepted', 'rejected', 'waitlist'] as const;
/** One of the stored `applicationStatus` strings. */
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Identifies one registration: one machine per (email, eventID, year). */
export interface RegistrationKey {
  /** Lower-cased. */
  email: string;
  eventID: string;
  year: number;
}

/** Where the registration's seat stands in the event's capacity count. */
export type SeatState = 'none' | 'held' | 'used';

/** Context of the registration machine: everything its guards need, all plain JSON. */
export interface RegistrationContext {
  email: string;
  eventID: string;
  year: number;
  isApplicationBased: boolean;
  /** Price for this registrant in cents at registration; 0 is a free event. */
  priceCents: number;
  applicationStatus: ApplicationStatus;
  /** The current checkout, if one was opened and not yet expired, failed or paid. */
  checkout: CheckoutSession | null;
  /** Every session this registration opened (most recent last, bounded). */
  sessions: KnownSession[];
  /** Number of checkouts opened so far; the next session's idempotency key uses it. */
  attempts: number;
  seat: SeatState;
  payment: PaymentRecord | null;
  refund: RefundRecord | null;
  /**
   * Refunds that arrived before their payment (Stripe does not order events), by payment intent,
   * applied when the payment lands. Absent on snapshots written before this field existed.
   */
  earlyRefunds?: EarlyRefund[];
  /**
   * A seat offered from the waitlist (CONTRACT §5): held for this registration until `expiresAt`,
   * payable through a checkout meanwhile. Absent or null when there is no open offer.
   */
  offer?: SeatOffer | null;
  /** Set when an offer lapsed unused: the registration waits again but is not offered a seat a second time. */
  offerLapsed?: boolean;
  /**
   * Set when an operator honoured a late payment (`HONOUR_PAYMENT`) and the seat was taken without
   * the capacity condition: the event may be over capacity by this registration (the machine cannot
   * tell; the seat counter shows it). Absent otherwise.
   */
  overbooked?: boolean;
  /** Idempotency keys already applied: Stripe event ids and `paid:<sessionId>` (most recent last, bounded; the store keeps the full record). */
  processedKeys: string[];
}

/** A seat offered to a waitlisted registration. */
export interface SeatOffer {
  /** Random, unguessable: the offer email's link carries it. */
  id: string;
  /** Epoch ms; after it the offer lapses and the seat passes on. */
  expiresAt: number;
}

/** A `charge.refunded` kept until its payment arrives. */
export interface EarlyRefund {
  paymentIntent: string;
  /** Cumulative, as Stripe reports it. */
  amountRefunded: number;
  amountCaptured: number;
}

/** Events that drive a registration. Stripe-originated ones may carry `stripeEventId`. */
export type RegistrationEvent =
  | {
      type: 'REGISTER';
      email: string;
      eventID: string;
      year: number;
      isApplicationBased: boolean;
      priceCents: number;
      /** Whether the store believes a seat is free; the store's conditional write is the final word. */
      seatAvailable: boolean;
    }
  | { type: 'OPEN_CHECKOUT'; session: CheckoutSession; seatAvailable: boolean }
  /** The store found the event full before a session was created: waitlist instead of opening one. */
  | { type: 'SEAT_UNAVAILABLE' }
  | SessionMachineEvent
  | RefundMachineEvent
  | { type: 'DECIDE'; decision: 'accepted' | 'rejected' | 'waitlist' }
  | { type: 'CONFIRM'; seatAvailable: boolean }
  | { type: 'PROMOTE'; seatAvailable: boolean }
  | { type: 'CHECK_IN' }
  | { type: 'CANCEL' }
  /**
   * A released seat is offered to this waitlisted registration (oldest first): a free event's is
   * registered at once, a paid event's becomes payable with the seat held until `expiresAt`.
   */
  | { type: 'OFFER_SEAT'; offerId: string; expiresAt: number; seatAvailable: boolean }
  /** The offer `offerId` ran out unused: the seat is given back and passes to the next in line. */
  | { type: 'OFFER_LAPSED'; offerId: string }
  /**
   * An operator accepts a payment that was reported as `refund_needed` (paid after the place was
   * given up): the registration is fulfilled by it, overbooking rather than refusing the payer.
   */
  | { type: 'HONOUR_PAYMENT'; payment: SessionPayment }
  /**
   * Handled by no state: running it commits only what statuses written around us imply (seat
   * counter, a checkout to expire), when anything. The runner's way to settle a record before use.
   */
  | { type: 'SYNC' };

/** Effects a registration step asks the adapters to carry out. Data only; nothing here runs. */
export type RegistrationEffect =
  /** Take one seat of the event's capacity, conditionally on the count staying within `capac`. */
  | { type: 'seat.hold' }
  /** Take one seat for good. `enforceCapacity: false` when money was already taken (we overbook rather than bounce a payer). */
  | { type: 'seat.take'; enforceCapacity: boolean }
  /** Give back the seat this registration held or used. */
  | { type: 'seat.release' }
  /** The registration is paid or confirmed: send the confirmation, and so on. At most one per registration. */
  | {
      type: 'registration.fulfilled';
      status: 'registered' | 'acceptedComplete';
      sessionId: string | null;
      amountTotal: number;
      amountDiscount: number;
    }
  /** A waitlisted registration was offered a seat until `expiresAt`: tell them (an email with a link carrying `offerId`). */
  | { type: 'registration.offered'; offerId: string; expiresAt: number; priceCents: number }
  | PaymentEffect;
