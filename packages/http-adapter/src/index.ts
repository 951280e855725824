export {
  type AdminPolicy,
  DEFAULT_ADMIN_POLICY,
  emailDomainOf,
  isAdminClaims,
} from './auth/admin-policy.ts';
export {
  type Caller,
  InvalidTokenError,
  TokenVerificationUnavailableError,
  type TokenVerifier,
} from './auth/caller.ts';
export {
  type CognitoTokenVerifierOptions,
  cognitoIssuer,
  createCognitoTokenVerifier,
} from './auth/cognito-token-verifier.ts';
export {
  DEFAULT_READINESS_CACHE_MS,
  DEFAULT_READINESS_TIMEOUT_MS,
  DEFAULT_REQUEST_DEADLINE_MS,
  DEFAULT_WAITLIST_OFFER_HOURS,
  type PaymentResponseStyle,
  type PaymentsHandlerConfig,
  type ResolvedConfig,
  resolveConfig,
} from './config.ts';
export type {
  OutboxMailer,
  PaymentsHandlerDeps,
  ReadinessProbe,
  StripeEventLister,
  VerifyWebhookInput,
  WebhookVerifier,
} from './deps.ts';
export {
  type ErrorDetails,
  GatewayError,
  PaymentsHttpError,
  type PaymentsHttpErrorCode,
  type RequestIssue,
} from './errors.ts';
export {
  applyStripeEvent,
  HANDLED_STRIPE_EVENT_TYPES,
  type StripeEventResult,
  type WebhookOutcome,
} from './flows/apply-stripe-event.ts';
export { lapseExpiredOffers, offerReleasedSeats } from './flows/waitlist-offers.ts';
export { createPaymentsHandler, type PaymentsHandler } from './handler.ts';
export { DEADLINE_RETRY_AFTER_SECONDS } from './http/deadline.ts';
export { consoleLogger, type LogEntry, type PaymentsLogger, silentLogger } from './logger.ts';
export { executeOutbox, OutboxUnsupportedError } from './operations/execute-outbox.ts';
export { createOutboxMailer, type OutboxMailerOptions } from './operations/outbox-mailer.ts';
export { createPaymentsOperations, type PaymentsOperations } from './operations/payments-operations.ts';
export {
  FIRST_PASS_WINDOW_S,
  isQuietPass,
  RECONCILE_OVERLAP_S,
  type ReconcileOptions,
  type ReconcileReport,
  reconcilePass,
  STRIPE_EVENTS_CHECKPOINT,
} from './operations/reconcile.ts';
export type { SeatRepair } from './operations/seat-recount.ts';
export { createProfileIdGenerator, type ProfileIdGeneratorOptions } from './profile-ids.ts';
export type { ReadinessReport, ReadinessState } from './routes/health-ready.ts';
export { OFFER_LINK_PATH, offerLink } from './routes/offer-link.ts';
export type { RouteContext } from './routes/route-context.ts';
export { gatewayError } from './stripe/stripe-errors.ts';
export {
  type CheckoutSessionParams,
  createStripeGateway,
  type StripeGateway,
  type StripeGatewayOptions,
  sessionCreateParams,
} from './stripe/stripe-gateway.ts';
export { CHECKOUT_SESSION_ID_TEMPLATE, withSessionIdParam } from './stripe/success-url.ts';
