export { type ApiIssue, PaymentsApiError } from './api-error.ts';
export type {
  CheckoutView,
  MembershipView,
  PayBody,
  RegisterBody,
  RegisterResult,
  RegistrationView,
  SessionView,
} from './api-types.ts';
export { createPaymentsClient, type PaymentsClient, type PaymentsClientOptions } from './payments-client.ts';
export { createRegistrationStrategy, type RegistrationStrategy } from './registration-strategy.ts';
