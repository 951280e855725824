export { createPaymentsFromEnv, type Payments, type PaymentsOverrides } from './create-payments-from-env.ts';
export {
  PaymentsConfigError,
  type PaymentsEnv,
  type PaymentsSettings,
  parseStripeApiBase,
  readPaymentsSettings,
  type StripeApiBase,
} from './read-env.ts';
export {
  type AwsClientTimeouts,
  awsClientTimeoutOptions,
  DEFAULT_DEPENDENCY_TIMEOUTS,
  type DependencyTimeoutOverrides,
  type DependencyTimeouts,
  resolveDependencyTimeouts,
  type StripeTimeouts,
  stripeTimeoutOptions,
} from './timeouts.ts';
