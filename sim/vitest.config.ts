import { packageProject } from '../vitest.shared.ts';

// DynamoDB Local for the fuzz, and the http tests' shared cognito-local pool (their stack signs
// personal reads with it); the simulation runs on the in-memory stores.
export default packageProject('sim', {
  globalSetup: ['test/global-setup.ts', '../packages/http-adapter/test/cognito-setup.ts'],
  testTimeout: 120_000,
});
