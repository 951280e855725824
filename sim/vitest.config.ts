import { packageProject } from '../vitest.shared.ts';

// DynamoDB Local for the fuzz; the simulation runs on the in-memory stores.
export default packageProject('sim', { globalSetup: ['test/global-setup.ts'], testTimeout: 120_000 });
