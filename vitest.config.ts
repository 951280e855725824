import { defineConfig } from 'vitest/config';

/** One vitest run for the whole repo: each package is a project with its own config. */
export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', 'sim'],
  },
});
