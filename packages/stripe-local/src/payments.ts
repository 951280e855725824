import { invalidRequest } from './errors.js';
import type { FormObject } from './form-encoding.js';
import { optionalInteger, optionalString, readExpand, readMetadata } from './params.js';

/** PaymentIntent states this server uses. */
export type PaymentIntentStatus = 'processing' | 'succeeded' | 'requires_payment_method';

/** The PaymentIntent behind a paid (or pending asynchronous) session. */
export interface PaymentIntentRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  status: PaymentIntentStatus;
  metadata: Record<string, string>;
  sessionId: string;
  receiptEmail: string | null;
  latestChargeId: string | null;
}

/** The successful charge of a PaymentIntent. */
export interface ChargeRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  paymentIntentId: string;
  metadata: Record<string, string>;
  receiptEmail: string | null;
  amountRefunded: number;
}

/** Why a refund was made; the three reasons Stripe accepts. */
export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

/** A refund of (part of) a charge. Refunds succeed immediately here. */
export interface RefundRecord {
  id: string;
  created: number;
  amount: number;
  currency: string;
  chargeId: string;
  paymentIntentId: string;
  metadata: Record<string, string>;
  reason: RefundReason | null;
}

/** The PaymentIntent as Stripe's `payment_intent` JSON object. */
export function paymentIntentObject(intent: PaymentIntentRecord) {
  return {
    id: intent.id,
    object: 'payment_intent' as const,
    amount: intent.amount,
    amount_received: intent.status === 'succeeded' ? intent.amount : 0,
    currency: intent.currency,
    created: intent.created,
    latest_charge: intent.latestChargeId,
    livemode: false,
    metadata: intent.metadata,
    receipt_email: intent.receiptEmail,
    status: intent.status,
  };
}

/** The charge as Stripe's `charge` JSON object; `refunded` is true once fully refunded. */
export function chargeObject(charge: ChargeRecord) {
  return {
    id: charge.id,
    object: 'charge' as const,
    amount: charge.amount,
    amount_captured: charge.amount,
    amount_refunded: charge.amountRefunded,
    billing_details: { email: charge.receiptEmail, name: null, phone: null, address: null },
    captured: true,
    created: charge.created,
    currency: charge.currency,
    description: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: charge.metadata,
    paid: true,
    payment_intent: charge.paymentIntentId,
    payment_method_details: { type: 'card' },
    receipt_email: charge.receiptEmail,
    refunded: charge.amountRefunded >= charge.amount,
    status: 'succeeded' as const,
  };
}

/** The refund as Stripe's `refund` JSON object. */
export function refundObject(refund: RefundRecord) {
  return {
    id: refund.id,
    object: 'refund' as const,
    amount: refund.amount,
    charge: refund.chargeId,
    created: refund.created,
    currency: refund.currency,
    metadata: refund.metadata,
    payment_intent: refund.paymentIntentId,
    reason: refund.reason,
    status: 'succeeded' as const,
  };
}

/** The validated parameters of `POST /v1/refunds`. */
export interface CreateRefundParams {
  paymentIntent: string | null;
  charge: string | null;
  /** Minor units; `null` means whatever is left to refund. */
  amount: number | null;
  reason: RefundReason | null;
  metadata: Record<string, string>;
  expand: Set<string>;
}

/** The parameters of `POST /v1/refunds` that stripe-local implements (all of them ones Stripe knows). */
export const SUPPORTED_REFUND_CREATE_PARAMS = [
  'payment_intent',
  'charge',
  'amount',
  'reason',
  'metadata[*]',
  'expand[]',
] as const;
const REASONS = new Set<string>(['duplicate', 'fraudulent', 'requested_by_customer']);

/**
 * Validates the body of `POST /v1/refunds`: one of `payment_intent` or `charge`, an optional positive
 * `amount`, an optional `reason` and `metadata`.
 */
export function parseCreateRefundParams(form: FormObject): CreateRefundParams {
  const paymentIntent = optionalString(form.payment_intent, 'payment_intent') || null;
  const charge = optionalString(form.charge, 'charge') || null;
  if (!paymentIntent && !charge) {
    throw invalidRequest(
      'One of the following params should be provided for this request: payment_intent or charge.',
      {
        param: 'payment_intent',
        code: 'parameter_missing',
      },
    );
  }
  const amount = optionalInteger(form.amount, 'amount') ?? null;
  if (amount !== null && amount < 1) {
    throw invalidRequest('This value must be greater than or equal to 1.', {
      param: 'amount',
      code: 'parameter_invalid_integer',
    });
  }
  const reason = optionalString(form.reason, 'reason') || null;
  if (reason !== null && !REASONS.has(reason)) {
    throw invalidRequest(`Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`, {
      param: 'reason',
      code: 'parameter_invalid_string',
    });
  }
  return {
    paymentIntent,
    charge,
    amount,
    reason: reason as RefundReason | null,
    metadata: readMetadata(form.metadata),
    expand: readExpand(form),
  };
}
