import { newId } from './ids.js';
import type { PromotionCode } from './promotion-codes.js';
import type { CreateSessionParams, LineItemInput } from './session-params.js';

/** Lifecycle of a Checkout Session, as Stripe names it. */
export type SessionStatus = 'open' | 'complete' | 'expired';

/** Payment state of a Checkout Session, as Stripe names it. */
export type SessionPaymentStatus = 'unpaid' | 'paid' | 'no_payment_required';

/** A stored line item: the input plus the ids Stripe would mint for its ad-hoc price and product. */
export interface LineItemRecord extends LineItemInput {
  id: string;
  priceId: string;
  productId: string;
}

/** The server's record of one Checkout Session. Turned into Stripe's JSON by {@link sessionObject}. */
export interface SessionRecord {
  id: string;
  /** Unix seconds. */
  created: number;
  /** Unix seconds. */
  expiresAt: number;
  currency: string;
  lineItems: LineItemRecord[];
  successUrl: string;
  cancelUrl: string | null;
  /** `allowed_payment_method_types` as sent, or null. */
  allowedPaymentMethodTypes: string[] | null;
  /** What the customer may pay with: the allowed types, else cards (the simulated default). */
  paymentMethodTypes: string[];
  allowPromotionCodes: boolean | null;
  metadata: Record<string, string>;
  clientReferenceId: string | null;
  customerEmail: string | null;
  paymentIntentMetadata: Record<string, string>;
  status: SessionStatus;
  paymentStatus: SessionPaymentStatus;
  amountSubtotal: number;
  amountDiscount: number;
  promotion: PromotionCode | null;
  paymentIntentId: string | null;
}

/** Builds the record of a new, open session from validated parameters. */
export function createSessionRecord(params: CreateSessionParams, nowSeconds: number): SessionRecord {
  const lineItems = params.lineItems.map((item) => ({
    ...item,
    id: newId('li_'),
    priceId: newId('price_'),
    productId: newId('prod_', 14),
  }));
  const amountSubtotal = lineItems.reduce((sum, item) => sum + item.unitAmount * item.quantity, 0);
  return {
    id: newId('cs_test_', 58),
    created: nowSeconds,
    expiresAt: params.expiresAt,
    currency: lineItems[0]?.currency ?? 'cad',
    lineItems,
    successUrl: params.successUrl,
    cancelUrl: params.cancelUrl,
    allowedPaymentMethodTypes: params.allowedPaymentMethodTypes,
    paymentMethodTypes: params.allowedPaymentMethodTypes ?? ['card'],
    allowPromotionCodes: params.allowPromotionCodes,
    metadata: params.metadata,
    clientReferenceId: params.clientReferenceId,
    customerEmail: params.customerEmail,
    paymentIntentMetadata: params.paymentIntentMetadata,
    status: 'open',
    // Open sessions are `unpaid` even when free; completion decides on `no_payment_required`.
    paymentStatus: 'unpaid',
    amountSubtotal,
    amountDiscount: 0,
    promotion: null,
    paymentIntentId: null,
  };
}

/** What the customer pays: subtotal minus discount. */
export function amountTotal(session: SessionRecord): number {
  return session.amountSubtotal - session.amountDiscount;
}

/** The URL of the hosted checkout page of a session. */
export function checkoutPageUrl(publicUrl: string, sessionId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/checkout/${sessionId}`;
}

/** The `success_url` with Stripe's `{CHECKOUT_SESSION_ID}` template variable filled in. */
export function successRedirect(session: SessionRecord): string {
  return session.successUrl.replaceAll('{CHECKOUT_SESSION_ID}', session.id);
}

// Spreads the session's discount over its line items in proportion to their subtotals, giving the
// rounding remainder to the last item so that the parts add up to the whole, as Stripe's do.
function lineDiscounts(session: SessionRecord): number[] {
  let remaining = session.amountDiscount;
  return session.lineItems.map((item, index) => {
    if (index === session.lineItems.length - 1) return remaining;
    const share =
      session.amountSubtotal === 0
        ? 0
        : Math.floor((session.amountDiscount * item.unitAmount * item.quantity) / session.amountSubtotal);
    remaining -= share;
    return share;
  });
}

/** Options of {@link lineItemsList}. */
export interface LineItemsOptions {
  /** Expand `price.product` into a product object instead of its id. */
  expandProduct?: boolean;
}

/** The session's line items as Stripe's list of `item` objects. */
export function lineItemsList(session: SessionRecord, options: LineItemsOptions = {}) {
  const discounts = lineDiscounts(session);
  return {
    object: 'list' as const,
    data: session.lineItems.map((item, index) => {
      const subtotal = item.unitAmount * item.quantity;
      const discount = discounts[index] ?? 0;
      const product = {
        id: item.productId,
        object: 'product' as const,
        active: false,
        created: session.created,
        description: item.description,
        images: item.images,
        livemode: false,
        metadata: item.productMetadata,
        name: item.name,
      };
      return {
        id: item.id,
        object: 'item' as const,
        amount_discount: discount,
        amount_subtotal: subtotal,
        amount_tax: 0,
        amount_total: subtotal - discount,
        currency: item.currency,
        description: item.name,
        quantity: item.quantity,
        price: {
          id: item.priceId,
          object: 'price' as const,
          active: false,
          billing_scheme: 'per_unit' as const,
          created: session.created,
          currency: item.currency,
          livemode: false,
          metadata: {},
          product: options.expandProduct ? product : item.productId,
          type: 'one_time' as const,
          unit_amount: item.unitAmount,
          unit_amount_decimal: String(item.unitAmount),
        },
      };
    }),
    has_more: false,
    url: `/v1/checkout/sessions/${session.id}/line_items`,
  };
}

/** Which optional parts of a session object to include. */
export interface SessionObjectOptions {
  /** Base URL of the hosted checkout page. */
  publicUrl: string;
  /** Paths from `expand[]`, e.g. `line_items` or `line_items.data.price.product`. */
  expand?: ReadonlySet<string>;
}

/**
 * The session as Stripe's `checkout.session` JSON object.
 *
 * `url` is null once the session is no longer open, as on Stripe, so callers cannot send a customer
 * to a dead page; `line_items` appears only when expanded, as on Stripe.
 */
export function sessionObject(session: SessionRecord, options: SessionObjectOptions) {
  const expand = options.expand ?? new Set<string>();
  const expandProduct = expand.has('line_items.data.price.product');
  const withLineItems = expand.has('line_items') || expandProduct;
  return {
    id: session.id,
    object: 'checkout.session' as const,
    allow_promotion_codes: session.allowPromotionCodes,
    allowed_payment_method_types: session.allowedPaymentMethodTypes,
    amount_subtotal: session.amountSubtotal,
    amount_total: amountTotal(session),
    cancel_url: session.cancelUrl,
    client_reference_id: session.clientReferenceId,
    created: session.created,
    currency: session.currency,
    customer: null,
    customer_details:
      session.status === 'complete'
        ? {
            email: session.customerEmail,
            name: null,
            phone: null,
            address: null,
            tax_exempt: 'none',
            tax_ids: [],
          }
        : null,
    customer_email: session.customerEmail,
    discounts: session.promotion
      ? [{ coupon: session.promotion.couponId, promotion_code: session.promotion.id }]
      : [],
    expires_at: session.expiresAt,
    ...(withLineItems ? { line_items: lineItemsList(session, { expandProduct }) } : {}),
    livemode: false,
    locale: null,
    metadata: session.metadata,
    mode: 'payment' as const,
    payment_intent: session.paymentIntentId,
    payment_method_types: session.paymentMethodTypes,
    payment_status: session.paymentStatus,
    status: session.status,
    submit_type: null,
    success_url: session.successUrl,
    total_details: { amount_discount: session.amountDiscount, amount_shipping: 0, amount_tax: 0 },
    ui_mode: 'hosted' as const,
    url: session.status === 'open' ? checkoutPageUrl(options.publicUrl, session.id) : null,
  };
}

/** The JSON type of a `checkout.session` object produced by this server. */
export type CheckoutSessionObject = ReturnType<typeof sessionObject>;
