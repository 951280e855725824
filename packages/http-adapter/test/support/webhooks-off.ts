import type { StripeLocal } from '@biztech/stripe-local';

/**
 * Runs `during` with the local Stripe server's webhook deliveries switched off: an endpoint that
 * is down, an event lost, or one today's system consumed before the switch.
 */
export async function withoutWebhooks<T>(local: StripeLocal, during: () => Promise<T>): Promise<T> {
  const endpoints = local.webhookEndpoints();
  local.setWebhookEndpoints([]);
  try {
    return await during();
  } finally {
    local.setWebhookEndpoints(endpoints);
  }
}
