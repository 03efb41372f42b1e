import { defineConfig } from 'vitest/config';

// CI runs on two cores, and a test that runs the pipeline over the samples takes
// a few seconds when the other test files share the machine; vitest's default
// 5 s would fail it for being slow, which says nothing about whether it works.
// Speed is measured by `npm run bench`, never by a test's timeout.
// The tests' temporary folders go under one folder per run, removed at its end (test/tmp-root.ts).
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/tmp-root.ts'],
  },
});
