import { z } from 'zod';

const id = z.string().min(1).max(255);
const amount = z.number().int().nonnegative();
const expandable = z
  .union([id, z.object({ id }).loose()])
  .nullable()
  .optional();

/** The part of a `checkout.session` object the webhook relies on. */
export const checkoutSessionObjectSchema = z
  .object({
    id: id.startsWith('cs_'),
    object: z.literal('checkout.session'),
    status: z.enum(['open', 'complete', 'expired']).nullable().optional(),
    payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
    amount_subtotal: amount.nullable(),
    amount_total: amount.nullable(),
    currency: z.string().min(3).max(3).nullable(),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
    client_reference_id: z.string().nullable().optional(),
    payment_intent: expandable,
    total_details: z.object({ amount_discount: amount.optional() }).loose().nullable().optional(),
    expires_at: z.number().int().optional(),
    url: z.string().nullable().optional(),
  })
  .loose();

/** The part of a `charge` object `charge.refunded` relies on. */
export const chargeObjectSchema = z
  .object({
    id: id.startsWith('ch_').or(id.startsWith('py_')),
    object: z.literal('charge'),
    payment_intent: expandable,
    amount: amount,
    amount_captured: amount.optional(),
    amount_refunded: amount,
    currency: z.string().min(3).max(3),
    metadata: z.record(z.string(), z.string()).nullable().optional(),
  })
  .loose();

/** Session events the webhook handles. */
export const SESSION_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;

/** Any Stripe event: its envelope. The object is validated per type by `translateStripeEvent`. */
export const stripeEventSchema = z
  .object({
    id: id.startsWith('evt_'),
    object: z.literal('event').optional(),
    type: z.string().min(1).max(100),
    created: z.number().int(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }).loose(),
  })
  .loose();

/** A Stripe event envelope as validated. */
export type StripeEventEnvelope = z.infer<typeof stripeEventSchema>;
/** A validated checkout session object. */
export type CheckoutSessionObject = z.infer<typeof checkoutSessionObjectSchema>;
