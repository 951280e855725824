import { packageProject } from '../../vitest.shared.ts';

const project = packageProject('http', { globalSetup: ['test/global-setup.ts'], testTimeout: 60_000 });
// Tests run in vite's SSR environment, which ignores `resolve.conditions`: without a `source`
// condition there, workspace packages resolve to their (possibly stale) `dist` builds. Only
// added when the shared settings do not already provide it.
project.ssr ??= {};
project.ssr.resolve ??= {};
project.ssr.resolve.conditions ??= ['source', 'node', 'import', 'default'];

export default project;
