// Browser tests (npm run test:browser): the real app listening on 127.0.0.1, driven by Debian's Chromium
// through playwright-core, with axe-core on every page. One file at a time: each file starts its own app
// and browser, and the journeys are slow compared with the unit and integration tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
