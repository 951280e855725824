import { cancelWebhook, cancelWebhookRoute, webhook, webhookRoute } from '../../routes/stripe-webhooks.ts';
import type { RouteFamily } from './route-family.ts';

/** Stripe's webhooks: `POST /payments/webhook` and today's `POST /payments/cancel`. */
export const webhookRoutes: RouteFamily = (add) => {
  add(webhookRoute, 'raw', webhook);
  add(cancelWebhookRoute, 'raw', cancelWebhook);
};
