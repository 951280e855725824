export {
  type PaymentResponseStyle,
  type PaymentsHandlerConfig,
  type ResolvedConfig,
  resolveConfig,
} from './config.ts';
export type { PaymentsHandlerDeps, VerifyWebhookInput, WebhookVerifier } from './deps.ts';
export {
  type ErrorDetails,
  GatewayError,
  PaymentsHttpError,
  type PaymentsHttpErrorCode,
  type RequestIssue,
} from './errors.ts';
export { createPaymentsHandler, type PaymentsHandler } from './handler.ts';
export { consoleLogger, type LogEntry, type PaymentsLogger, silentLogger } from './logger.ts';
export { createProfileIdGenerator, type ProfileIdGeneratorOptions } from './profile-ids.ts';
export type { WebhookOutcome } from './routes/stripe-webhooks.ts';
export { gatewayError } from './stripe/stripe-errors.ts';
export {
  type CheckoutSessionParams,
  createStripeGateway,
  type StripeGateway,
  type StripeGatewayOptions,
  sessionCreateParams,
} from './stripe/stripe-gateway.ts';
export { CHECKOUT_SESSION_ID_TEMPLATE, withSessionIdParam } from './stripe/success-url.ts';
