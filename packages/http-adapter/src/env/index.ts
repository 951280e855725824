export { createPaymentsFromEnv, type Payments, type PaymentsOverrides } from './create-payments-from-env.ts';
export {
  PaymentsConfigError,
  type PaymentsEnv,
  type PaymentsSettings,
  parseStripeApiBase,
  readPaymentsSettings,
  type StripeApiBase,
} from './read-env.ts';
