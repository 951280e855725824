export { DEMO_EVENTS, DEMO_USER, type DemoEvent } from './demo-data.ts';
export { type LocalStack, type LocalStackOptions, startLocalStack } from './local-stack.ts';
