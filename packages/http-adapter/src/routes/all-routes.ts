import type { Route } from '../http/router.ts';
import { getMembershipRoute } from './get-membership.ts';
import { getRegistrationRoute } from './get-registration.ts';
import { getSessionRoute } from './get-session.ts';
import { healthRoute } from './health.ts';
import { postPaymentsRoute } from './post-payments.ts';
import { postRegistrationsRoute } from './post-registrations.ts';
import { cancelWebhookRoute, webhookRoute } from './stripe-webhooks.ts';

/** Every route of the contract's HTTP API (section 2). */
export const paymentRoutes: Route[] = [
  healthRoute,
  postRegistrationsRoute,
  getRegistrationRoute,
  postPaymentsRoute,
  webhookRoute,
  cancelWebhookRoute,
  getSessionRoute,
  getMembershipRoute,
];
