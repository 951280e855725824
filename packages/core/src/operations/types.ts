import type { MembershipKey } from '../membership/types.ts';
import type { RegistrationKey } from '../registration/types.ts';

// ---------------------------------------------------------------------------------------------
// What a durable effect or a queue item is about
// ---------------------------------------------------------------------------------------------

/** The record an outbox item or a queue item belongs to. */
export type OperationSubject =
  | { kind: 'registration'; key: RegistrationKey }
  | { kind: 'membership'; key: MembershipKey };

// ---------------------------------------------------------------------------------------------
// Transactional outbox
// ---------------------------------------------------------------------------------------------

/** Which email an `email.send` action sends; the sender renders it (see `renderEmail`). */
export type EmailTemplate = 'registration_confirmed' | 'seat_offered' | 'refund_issued';

/** An effect that calls out of the process. Data only: the drainer (and the fast path) carry it out. */
export type OutboxAction =
  /** Expire a Stripe session so nobody can pay it any more. */
  | { type: 'checkout.expire'; sessionId: string }
  /** Refund (part of) a payment; the Stripe idempotency key is the outbox item's id. */
  | { type: 'payment.refund'; paymentIntent: string; amount: number; sessionId: string; reason: string }
  /** Send one email; the item's id makes it one email per cause. */
  | {
      type: 'email.send';
      template: EmailTemplate;
      /** Lower-cased address. */
      to: string;
      /** What the template needs (event id and year, amounts in cents, a deadline, a link). Plain JSON. */
      data: Record<string, string | number | boolean | null>;
    };

/**
 * One effect recorded in the same transaction as the change that caused it, and carried out at
 * least once until it succeeds. `id` is its idempotency key (`refund:<sessionId>`,
 * `expire:<sessionId>`, `email:<template>:<subject>:<version>`): writing the same id twice keeps one item.
 */
export interface OutboxItem {
  id: string;
  action: OutboxAction;
  /** The record it is about; absent for money that has none. */
  subject?: OperationSubject | undefined;
  /** Epoch ms when it was recorded. */
  createdAt: number;
  /** Epoch ms before which the drainer leaves it alone (the fast path runs it at once). */
  dueAt: number;
  /** Failed attempts so far. */
  attempts: number;
  /** The last failure, for operators; never a secret. */
  lastError?: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Operator queue
// ---------------------------------------------------------------------------------------------

/** What an operator is asked to look at. */
export const QUEUE_KINDS = ['refund_needed', 'payment_mismatch', 'unowned_payment', 'stuck_event'] as const;
/** One of {@link QUEUE_KINDS}. */
export type QueueKind = (typeof QUEUE_KINDS)[number];

/** Whether a queue item still needs someone. */
export type QueueStatus = 'open' | 'resolved';

/** How an operator resolved a queue item. */
export type QueueAction = 'refund' | 'accept' | 'dismiss';

/** Who resolved a queue item, how and when (the audit of the resolution). */
export interface QueueResolution {
  action: QueueAction;
  note?: string | undefined;
  /** The admin's email and Cognito `sub`, or `system` for the `autoRefund` switch. */
  by: { email: string; sub: string };
  /** Epoch ms. */
  at: number;
}

/**
 * A durable report, written in the same transaction as the step that found it. `id` is
 * deterministic (`<kind>:<sessionId>`, `stuck_event:<outbox id>`): a second report of the same
 * thing keeps the first item.
 */
export interface QueueItem {
  id: string;
  kind: QueueKind;
  status: QueueStatus;
  sessionId?: string | undefined;
  paymentIntent?: string | undefined;
  /** Cents. */
  amount?: number | undefined;
  currency?: string | undefined;
  subject?: OperationSubject | undefined;
  /** Machine-readable, e.g. `second_payment`, `amount_mismatch`, `unowned_payment`, `refund_failed`. */
  reason: string;
  /** Epoch ms. */
  createdAt: number;
  /** For `stuck_event`: the outbox item that could not be carried out. */
  outboxItem?: OutboxItem | undefined;
  resolution?: QueueResolution | undefined;
}

// ---------------------------------------------------------------------------------------------
// Ports
// ---------------------------------------------------------------------------------------------

/** A page of queue items. */
export interface QueuePage {
  items: QueueItem[];
  /** Opaque; pass it back for the next page. Absent on the last page. */
  cursor?: string | undefined;
}

/**
 * Keeps the outbox, the operator queue and the reconciler's checkpoints (`biztechPayments` on
 * DynamoDB). Every write is conditional where a race could double an effect.
 */
export interface OperationsStore {
  /** Outbox items whose `dueAt` is at or before `now`, oldest due first, at most `limit`. */
  listDueOutbox(now: number, limit: number): Promise<OutboxItem[]>;
  getOutboxItem(id: string): Promise<OutboxItem | undefined>;
  /** The item was carried out: remove it (a no-op when it is gone already). */
  completeOutbox(id: string): Promise<void>;
  /** An attempt failed: record it and when to try again (conditional on `attempts` still being `previousAttempts`). */
  retryOutbox(id: string, previousAttempts: number, nextDueAt: number, error: string): Promise<void>;
  /** Give up on an item: remove it and open its `stuck_event` queue item, in one transaction. */
  stickOutbox(id: string, item: QueueItem): Promise<void>;
  /** Record outbox items on their own (a resolution's refund, an unowned payment's auto-refund). */
  addOutbox(items: OutboxItem[]): Promise<void>;

  /** Opens a queue item unless one with its id exists; resolves to false when it did. */
  report(item: QueueItem, outbox?: OutboxItem[]): Promise<boolean>;
  getQueueItem(id: string): Promise<QueueItem | undefined>;
  listQueue(status: QueueStatus, options?: { cursor?: string; limit?: number }): Promise<QueuePage>;
  /**
   * Marks an open item resolved and records `outbox` (e.g. the refund) in the same transaction.
   * Throws `QueueItemResolvedError` when it is not open any more (two operators at once).
   */
  resolveQueueItem(id: string, resolution: QueueResolution, outbox?: OutboxItem[]): Promise<void>;

  /**
   * Counts one more checkout session for `email` in the hour that starts at `hourStart` (epoch ms),
   * unless `limit` are counted already: resolves to false then, and counts nothing. The bound on
   * how many sessions the open `POST /payments` opens per email (CONTRACT §2, `429`).
   */
  takeCheckoutQuota(email: string, hourStart: number, limit: number): Promise<boolean>;

  /** A named checkpoint (the reconciler's last examined Stripe event time, epoch seconds). */
  getCheckpoint(name: string): Promise<number | undefined>;
  setCheckpoint(name: string, value: number): Promise<void>;
}

/** One rendered email. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Sends email (Amazon SES v2 in production, `aws-ses-v2-local` locally). */
export interface EmailSender {
  /** Resolves with the provider's message id; rejects on a failure the outbox may retry. */
  send(message: EmailMessage): Promise<{ messageId: string }>;
}
