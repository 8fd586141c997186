import { defineConfig } from 'vitest/config';

/**
 * Unit and integration suites. Integration tests use real parts (pcscd with a virtual card, HTTP
 * and WebSocket on 127.0.0.1, SQLite files) and run one file at a time: they share one pcscd.
 */
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], environment: 'node', fileParallelism: false, testTimeout: 30_000, hookTimeout: 30_000 },
      },
      // Generated messages over every way in; --expose-gc so the suite can measure the heap after GC.
      {
        extends: true,
        test: { name: 'fuzz', include: ['tests/fuzz/**/*.test.ts'], environment: 'node', pool: 'forks', execArgv: ['--expose-gc'], testTimeout: 120_000, hookTimeout: 30_000 },
      },
    ],
  },
});
