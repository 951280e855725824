import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../vitest.shared.ts';

// Tests run on Node (vite's SSR environment), which ignores `resolve.conditions`: without its own
// `source` condition, workspace packages would resolve to their (possibly stale) `dist` builds.
export default mergeConfig(
  packageProject('http', { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 }),
  {
    ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  },
);
