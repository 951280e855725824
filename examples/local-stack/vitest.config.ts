import { packageProject } from '../../vitest.shared.ts';

export default packageProject('local-stack', { testTimeout: 120_000 });
