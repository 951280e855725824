import { packageProject } from '../../vitest.shared.ts';

export default packageProject('dev-services', { testTimeout: 60_000 });
