export { type ApiIssue, PaymentsApiError } from './api-error.ts';
export type { components as ApiComponents, paths as ApiPaths } from './api-paths.ts';
export type {
  CheckoutView,
  ErrorAnswer,
  MembershipView,
  PayBody,
  PaymentAnswer,
  RegisterBody,
  RegisterResult,
  RegistrationView,
  SessionView,
} from './api-types.ts';
export { createPaymentsClient, type PaymentsClient, type PaymentsClientOptions } from './payments-client.ts';
export { createRegistrationStrategy, type RegistrationStrategy } from './registration-strategy.ts';
