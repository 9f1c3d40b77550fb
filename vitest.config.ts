import { defineConfig } from 'vitest/config'

// Unit tests live next to the code (src/**/*.test.ts); integration tests in test/.
// Forks, not threads: better-sqlite3 and spawned servers behave best in their own process.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
})
