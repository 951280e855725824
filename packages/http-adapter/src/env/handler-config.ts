import type { PaymentsHandlerConfig } from '../config.ts';
import type { PaymentsSettings } from './read-env.ts';
import type { DependencyTimeouts } from './timeouts.ts';

/**
 * The handler configuration the environment's settings make: one mapping for the whole API
 * (`createPaymentsFromEnv`) and each split Lambda function (`createPaymentsFunction`), so a setting
 * added to the environment reaches every function alike.
 */
export function handlerConfigOf(
  settings: PaymentsSettings,
  timeouts: DependencyTimeouts,
): PaymentsHandlerConfig {
  return {
    allowedRedirectOrigins: settings.allowedRedirectOrigins,
    clientUrl: settings.clientUrl,
    webhookSecrets: settings.webhookSecrets,
    cancelWebhookSecrets: settings.cancelWebhookSecrets,
    membershipYear: settings.membershipYear,
    paymentResponse: settings.paymentResponse,
    maxSessionsPerEmailPerHour: settings.maxSessionsPerEmailPerHour,
    autoRefund: settings.autoRefund,
    waitlistOfferHours: settings.waitlistOfferHours,
    ...(settings.basePath ? { basePath: settings.basePath } : {}),
    requestDeadlineMs: timeouts.requestDeadlineMs,
    readinessTimeoutMs: timeouts.readiness.timeoutMs,
    readinessCacheMs: timeouts.readiness.cacheMs,
  };
}
