export type { StripeErrorBody, StripeErrorType, StripeLocalErrorDetails } from './errors.js';
export { StripeLocalError } from './errors.js';
export type { EventRequest, StripeEvent, StripeLocalEventType } from './events.js';
export { EVENT_TYPES, eventTypeMatches } from './events.js';
export type { StripeLocalFaults } from './faults.js';
export { NO_FAULTS, seededRandom } from './faults.js';
export type { EncodableValue, FormObject, FormValue } from './form-encoding.js';
export { decodeForm, encodeForm, FormEncodingError, parseFormKey } from './form-encoding.js';
export type { StripeLocalLogger } from './logger.js';
export { silentLogger } from './logger.js';
export { formatAmount } from './money.js';
export { METADATA_LIMITS } from './params.js';
export type { PromotionCode, PromotionCodeDefinition } from './promotion-codes.js';
export { DEFAULT_PROMOTION_CODES, discountAmount } from './promotion-codes.js';
export type {
  ListeningAddress,
  StripeLocal,
  StripeLocalOptions,
} from './server.js';
export { createStripeLocal, DEFAULT_API_VERSION, DEFAULT_STRIPE_PORT } from './server.js';
export { EXPIRY_WINDOW } from './session-params.js';
export type { CheckoutSessionObject, SessionPaymentStatus, SessionStatus } from './sessions.js';
export type { PayOptions, PayResult } from './store.js';
export type { DeliveryAttempt, RetryOptions, WebhookEndpoint } from './webhooks.js';
export { DEFAULT_RETRY, signatureHeader } from './webhooks.js';
