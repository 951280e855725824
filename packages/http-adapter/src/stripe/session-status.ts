import {
  type CheckoutSessionStatus,
  checkoutSessionObjectSchema,
  sessionPaymentOf,
} from '@biztech/payments-core';
import { GatewayError } from '../errors.ts';

/**
 * Maps a Stripe `checkout.session` to the gateway's `CheckoutSessionStatus`, validating the
 * fields we rely on with core's schema (the same one the webhook uses).
 */
export function sessionStatusOf(session: unknown): CheckoutSessionStatus {
  const parsed = checkoutSessionObjectSchema.safeParse(session);
  if (!parsed.success)
    throw new GatewayError(
      'gateway_rejected',
      'Stripe returned a checkout session without the expected fields',
    );
  const s = parsed.data;
  return {
    id: s.id,
    status: s.status ?? 'open',
    payment: sessionPaymentOf(s),
    metadata: s.metadata ?? {},
    expiresAt: (s.expires_at ?? 0) * 1000,
    url: s.url ?? null,
  };
}
