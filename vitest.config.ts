import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One temporary directory per run, removed at its end (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Test files run in parallel; e2e files share the real hosts (each touches only its own domains).
    fileParallelism: true,
  },
})
