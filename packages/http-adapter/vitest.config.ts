import { packageProject } from '../../vitest.shared.ts';

export default packageProject('http', {
  globalSetup: ['test/global-setup.ts', 'test/cognito-setup.ts'],
  testTimeout: 60_000,
});
