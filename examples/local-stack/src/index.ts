export type { DemoAccounts, SignInAccount } from './cognito-accounts.ts';
export { DEMO_EVENTS, DEMO_USER, type DemoEvent } from './demo-data.ts';
export {
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
  type UserPoolInUse,
} from './local-stack.ts';
