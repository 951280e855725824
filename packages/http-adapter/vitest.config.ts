import { packageProject } from '../../vitest.shared.ts';

export default packageProject('http', { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 });
