import { cardDeclined, invalidRequest, resourceMissing, StripeLocalError } from './errors.js';
import {
  createEvent,
  type EventRequest,
  eventTypeMatches,
  type StripeEvent,
  type StripeLocalEventType,
} from './events.js';
import type { IdleTracker } from './idle.js';
import { newId } from './ids.js';
import type { StripeLocalLogger } from './logger.js';
import {
  type ChargeRecord,
  type CreateRefundParams,
  chargeObject,
  type PaymentIntentRecord,
  type RefundRecord,
} from './payments.js';
import { discountAmount, type PromotionCodes, promotionAppliesTo } from './promotion-codes.js';
import type { CreateSessionParams } from './session-params.js';
import {
  amountTotal,
  type CheckoutSessionObject,
  createSessionRecord,
  type SessionRecord,
  type SessionStatus,
  sessionObject,
  successRedirect,
} from './sessions.js';

/** How the customer pays on the hosted page or through `POST /checkout/{id}/pay`. */
export interface PayOptions {
  /** A promotion code typed by the customer; only for sessions with `allow_promotion_codes`. */
  promotionCode?: string | null;
  /**
   * Simulate a failing payment: with a card (synchronous) payment the card is declined and the session
   * stays open; with an asynchronous payment the session completes unpaid and then fails.
   */
  fail?: boolean;
  /** Use a delayed (asynchronous) payment method for this payment; defaults to the `asyncPayments` option. */
  async?: boolean;
}

/** The result of a payment: the updated session and where the customer's browser goes next. */
export interface PayResult {
  session: CheckoutSessionObject;
  /** The session's `success_url` with `{CHECKOUT_SESSION_ID}` filled in. */
  redirect: string;
}

/** Filters of {@link StripeStore.listSessions}. */
export interface SessionFilter {
  paymentIntent?: string | null;
  status?: SessionStatus | null;
}

/** Filters of {@link StripeStore.listEvents}. */
export interface EventFilter {
  /** Type patterns (exact, or a prefix wildcard such as `checkout.session.*`); all events when empty. */
  types?: readonly string[];
}

/** Dependencies and settings of a {@link StripeStore}. */
export interface StripeStoreOptions {
  /** Milliseconds since the epoch. */
  clock: () => number;
  /** Base URL of the hosted checkout page; read on every use since it is known only after `listen`. */
  publicUrl: () => string;
  promotionCodes: PromotionCodes;
  asyncPayments: boolean;
  asyncPaymentDelayMs: number;
  apiVersion: string;
  idle: IdleTracker;
  logger: StripeLocalLogger;
  /** How many webhook endpoints will receive an event of this type (Stripe's `pending_webhooks`). */
  countEndpoints: (type: StripeLocalEventType) => number;
  /** Hands an event to webhook delivery. */
  publish: (event: StripeEvent) => void;
}

/**
 * The in-memory state of the local Stripe account and every state change the API and the hosted page
 * can make. HTTP concerns live elsewhere; this is also what tests and the demo stack drive directly.
 */
export class StripeStore {
  readonly #options: StripeStoreOptions;
  // Maps keep insertion order, which is creation order; lists reverse it to get Stripe's newest-first.
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #paymentIntents = new Map<string, PaymentIntentRecord>();
  readonly #charges = new Map<string, ChargeRecord>();
  readonly #refunds = new Map<string, RefundRecord>();
  readonly #events = new Map<string, StripeEvent>();
  readonly #settlements = new Map<NodeJS.Timeout, () => void>();

  constructor(options: StripeStoreOptions) {
    this.#options = options;
  }

  /** The current time in Unix seconds, from the injected clock. */
  nowSeconds(): number {
    return Math.floor(this.#options.clock() / 1000);
  }

  /** A session as Stripe's JSON, with optional `expand` paths such as `line_items`. */
  sessionObject(session: SessionRecord, expand?: ReadonlySet<string>): CheckoutSessionObject {
    return sessionObject(session, { publicUrl: this.#options.publicUrl(), ...(expand ? { expand } : {}) });
  }

  /** Creates an open session. */
  createSession(params: CreateSessionParams): SessionRecord {
    const session = createSessionRecord(params, this.nowSeconds());
    this.#sessions.set(session.id, session);
    this.#options.logger.info('stripe-local: checkout session created', {
      session: session.id,
      amount: session.amountSubtotal,
      currency: session.currency,
    });
    return session;
  }

  /**
   * A session by id.
   *
   * @throws StripeLocalError 404 `resource_missing` (param `session`, as Stripe names it).
   */
  session(id: string): SessionRecord {
    const session = this.#sessions.get(id);
    if (!session) throw resourceMissing('checkout.session', id, 'session');
    return session;
  }

  /** Sessions, newest first. */
  listSessions(filter: SessionFilter = {}): SessionRecord[] {
    return [...this.#sessions.values()]
      .reverse()
      .filter(
        (session) =>
          (!filter.paymentIntent || session.paymentIntentId === filter.paymentIntent) &&
          (!filter.status || session.status === filter.status),
      );
  }

  /**
   * Expires an open session and emits `checkout.session.expired`.
   *
   * @throws StripeLocalError 400 when the session is not open.
   */
  expireSession(id: string, request?: EventRequest): SessionRecord {
    this.expireDue();
    const session = this.session(id);
    if (session.status !== 'open') {
      throw invalidRequest(
        `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      );
    }
    this.#expire(session, request);
    return session;
  }

  /**
   * Expires every open session whose `expires_at` has passed, emitting `checkout.session.expired` for each.
   * The server's sweeper calls this periodically and before every request; tests can call it directly.
   *
   * @returns the ids of the sessions it expired.
   */
  expireDue(): string[] {
    const now = this.nowSeconds();
    const expired: string[] = [];
    for (const session of this.#sessions.values()) {
      if (session.status === 'open' && session.expiresAt <= now) {
        this.#expire(session);
        expired.push(session.id);
      }
    }
    return expired;
  }

  /**
   * Pays an open session as the customer would on the hosted page.
   *
   * @throws StripeLocalError 404 for an unknown session, 409 for one that is not open, 400 for a promotion
   * code that is unknown or not allowed, 402 when `fail` declines a card payment (nothing changes then).
   */
  pay(id: string, options: PayOptions = {}): PayResult {
    this.expireDue();
    const session = this.session(id);
    if (session.status !== 'open') {
      throw new StripeLocalError(
        409,
        'invalid_request_error',
        `This Checkout Session is ${session.status} and can no longer be paid.`,
        { code: 'checkout_session_not_open' },
      );
    }
    const code = options.promotionCode?.trim();
    let promotion = null;
    if (code) {
      if (!session.allowPromotionCodes) {
        throw invalidRequest('This Checkout Session does not accept promotion codes.', {
          param: 'promotionCode',
          code: 'promotion_codes_not_allowed',
        });
      }
      promotion = this.#options.promotionCodes.find(code) ?? null;
      if (!promotion || !promotionAppliesTo(promotion, session.currency)) {
        throw invalidRequest(`This promotion code is invalid: ${code}`, {
          param: 'promotionCode',
          code: 'promotion_code_invalid',
        });
      }
    }
    const discount = promotion ? discountAmount(promotion, session.amountSubtotal, session.currency) : 0;
    const total = session.amountSubtotal - discount;
    const useAsync = options.async ?? this.#options.asyncPayments;
    // A declined card leaves everything untouched, so the customer can try again.
    if (total > 0 && options.fail && !useAsync) throw cardDeclined();

    session.promotion = promotion;
    session.amountDiscount = discount;
    session.status = 'complete';
    if (total === 0) {
      session.paymentStatus = 'no_payment_required';
      this.#emit('checkout.session.completed', this.sessionObject(session));
    } else {
      const intent = this.#createPaymentIntent(session);
      if (useAsync) {
        session.paymentStatus = 'unpaid';
        this.#emit('checkout.session.completed', this.sessionObject(session));
        this.#scheduleSettlement(session, intent, options.fail === true);
      } else {
        this.#capture(session, intent);
        session.paymentStatus = 'paid';
        this.#emit('checkout.session.completed', this.sessionObject(session));
      }
    }
    this.#options.logger.info('stripe-local: checkout session paid', {
      session: session.id,
      amountTotal: total,
      paymentStatus: session.paymentStatus,
      promotionCode: promotion?.code ?? null,
    });
    return { session: this.sessionObject(session), redirect: successRedirect(session) };
  }

  /**
   * The Cancel (back) link of the hosted page. Like Stripe, this does not expire the session: it stays open
   * (and payable) until `expires_at` or an explicit expire.
   *
   * @throws StripeLocalError 400 when the session has no `cancel_url`.
   */
  cancel(id: string): { redirect: string } {
    const session = this.session(id);
    if (!session.cancelUrl) {
      throw invalidRequest('This Checkout Session has no cancel_url.', { code: 'cancel_url_missing' });
    }
    return { redirect: session.cancelUrl.replaceAll('{CHECKOUT_SESSION_ID}', session.id) };
  }

  /**
   * Refunds (part of) a charge, found directly or through its PaymentIntent, and emits `charge.refunded`.
   *
   * @throws StripeLocalError 404 for unknown ids, 400 for an amount above what is left or a charge already
   * fully refunded.
   */
  refund(params: CreateRefundParams, request?: EventRequest): RefundRecord {
    const charge = this.#chargeToRefund(params);
    const remaining = charge.amount - charge.amountRefunded;
    if (remaining === 0) {
      throw invalidRequest(`Charge ${charge.id} has already been refunded.`, {
        code: 'charge_already_refunded',
      });
    }
    const amount = params.amount ?? remaining;
    if (amount > remaining) {
      throw invalidRequest(
        `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining}).`,
        { param: 'amount', code: 'amount_too_large' },
      );
    }
    charge.amountRefunded += amount;
    const refund: RefundRecord = {
      id: newId('re_'),
      created: this.nowSeconds(),
      amount,
      currency: charge.currency,
      chargeId: charge.id,
      paymentIntentId: charge.paymentIntentId,
      metadata: params.metadata,
      reason: params.reason,
    };
    this.#refunds.set(refund.id, refund);
    this.#emit('charge.refunded', chargeObject(charge), request);
    this.#options.logger.info('stripe-local: charge refunded', {
      charge: charge.id,
      amount,
      amountRefunded: charge.amountRefunded,
    });
    return refund;
  }

  /** An event by id. @throws StripeLocalError 404. */
  event(id: string): StripeEvent {
    const event = this.#events.get(id);
    if (!event) throw resourceMissing('event', id, 'id');
    return structuredClone(event);
  }

  /** Events, newest first. */
  listEvents(filter: EventFilter = {}): StripeEvent[] {
    const patterns = filter.types ?? [];
    return [...this.#events.values()]
      .reverse()
      .filter(
        (event) => patterns.length === 0 || patterns.some((pattern) => eventTypeMatches(event.type, pattern)),
      )
      .map((event) => structuredClone(event));
  }

  /** A PaymentIntent by id. @throws StripeLocalError 404. */
  paymentIntent(id: string, param = 'intent'): PaymentIntentRecord {
    const intent = this.#paymentIntents.get(id);
    if (!intent) throw resourceMissing('payment_intent', id, param);
    return intent;
  }

  /** A charge by id. @throws StripeLocalError 404. */
  charge(id: string, param = 'charge'): ChargeRecord {
    const charge = this.#charges.get(id);
    if (!charge) throw resourceMissing('charge', id, param);
    return charge;
  }

  /** A refund by id. @throws StripeLocalError 404. */
  refundById(id: string): RefundRecord {
    const refund = this.#refunds.get(id);
    if (!refund) throw resourceMissing('refund', id, 'refund');
    return refund;
  }

  /** Refunds, newest first, optionally only those of one charge or PaymentIntent. */
  listRefunds(filter: { charge?: string | null; paymentIntent?: string | null } = {}): RefundRecord[] {
    return [...this.#refunds.values()]
      .reverse()
      .filter(
        (refund) =>
          (!filter.charge || refund.chargeId === filter.charge) &&
          (!filter.paymentIntent || refund.paymentIntentId === filter.paymentIntent),
      );
  }

  /** The promotion codes customers can use. */
  promotionCodes() {
    return this.#options.promotionCodes.list();
  }

  /** Drops pending asynchronous settlements; used on shutdown. */
  close(): void {
    for (const [timer, done] of this.#settlements) {
      clearTimeout(timer);
      done();
    }
    this.#settlements.clear();
  }

  #expire(session: SessionRecord, request?: EventRequest): void {
    session.status = 'expired';
    this.#emit('checkout.session.expired', this.sessionObject(session), request);
    this.#options.logger.info('stripe-local: checkout session expired', { session: session.id });
  }

  #createPaymentIntent(session: SessionRecord): PaymentIntentRecord {
    const intent: PaymentIntentRecord = {
      id: newId('pi_'),
      created: this.nowSeconds(),
      amount: amountTotal(session),
      currency: session.currency,
      status: 'processing',
      // Real Stripe copies only payment_intent_data[metadata] here; the session's metadata is added too
      // so receivers of charge.refunded can find their records either way (documented in the README).
      metadata: { ...session.metadata, ...session.paymentIntentMetadata },
      sessionId: session.id,
      receiptEmail: session.customerEmail,
      latestChargeId: null,
    };
    this.#paymentIntents.set(intent.id, intent);
    session.paymentIntentId = intent.id;
    return intent;
  }

  #capture(session: SessionRecord, intent: PaymentIntentRecord): void {
    const charge: ChargeRecord = {
      id: newId('ch_'),
      created: this.nowSeconds(),
      amount: intent.amount,
      currency: intent.currency,
      paymentIntentId: intent.id,
      metadata: { ...intent.metadata },
      receiptEmail: session.customerEmail,
      amountRefunded: 0,
    };
    this.#charges.set(charge.id, charge);
    intent.status = 'succeeded';
    intent.latestChargeId = charge.id;
  }

  #scheduleSettlement(session: SessionRecord, intent: PaymentIntentRecord, fail: boolean): void {
    const settle = () => {
      if (intent.status !== 'processing') return;
      if (fail) {
        // On Stripe a failed delayed payment leaves the session complete but unpaid.
        intent.status = 'requires_payment_method';
        this.#emit('checkout.session.async_payment_failed', this.sessionObject(session));
      } else {
        this.#capture(session, intent);
        session.paymentStatus = 'paid';
        this.#emit('checkout.session.async_payment_succeeded', this.sessionObject(session));
      }
    };
    // Even with no delay the outcome comes after the response, as on Stripe, where the customer is
    // redirected while the payment is still processing.
    const delay = Math.max(0, this.#options.asyncPaymentDelayMs);
    // Counted as background work so that whenIdle() also waits for the outcome and its webhooks.
    const { idle } = this.#options;
    idle.begin();
    const timer = setTimeout(() => {
      this.#settlements.delete(timer);
      try {
        settle();
      } finally {
        idle.end();
      }
    }, delay);
    this.#settlements.set(timer, () => idle.end());
  }

  #chargeToRefund(params: CreateRefundParams): ChargeRecord {
    if (params.charge) {
      const charge = this.charge(params.charge);
      if (params.paymentIntent && charge.paymentIntentId !== params.paymentIntent) {
        throw invalidRequest(
          `Charge ${charge.id} does not belong to PaymentIntent ${params.paymentIntent}.`,
          {
            param: 'payment_intent',
          },
        );
      }
      return charge;
    }
    const intent = this.paymentIntent(params.paymentIntent ?? '', 'payment_intent');
    if (!intent.latestChargeId) {
      throw invalidRequest(
        `PaymentIntent ${intent.id} has no successful charge to refund (status ${intent.status}).`,
        {
          param: 'payment_intent',
          code: 'charge_not_refundable',
        },
      );
    }
    return this.charge(intent.latestChargeId);
  }

  #emit(type: StripeLocalEventType, object: Record<string, unknown>, request?: EventRequest): void {
    const event = createEvent({
      type,
      object,
      created: this.nowSeconds(),
      apiVersion: this.#options.apiVersion,
      ...(request ? { request } : {}),
    });
    event.pending_webhooks = this.#options.countEndpoints(type);
    this.#events.set(event.id, event);
    // Deliveries get their own copy: the stored event's pending_webhooks changes as endpoints acknowledge.
    this.#options.publish(structuredClone(event));
  }

  /** Records that one endpoint acknowledged an event. */
  acknowledge(eventId: string): void {
    const event = this.#events.get(eventId);
    if (event && event.pending_webhooks > 0) event.pending_webhooks -= 1;
  }
}
