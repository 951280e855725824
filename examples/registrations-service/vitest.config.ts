import { packageProject } from '../../vitest.shared.ts';

export default packageProject('registrations-service', {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 60_000,
});
