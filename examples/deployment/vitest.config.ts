import { packageProject } from '../../vitest.shared.ts';

export default packageProject('deployment', { testTimeout: 120_000 });
