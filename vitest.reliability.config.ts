import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: the heavy tests (child-process servers killed with SIGKILL, load,
 * fuzzing, backups). Not part of `npm test`. One summary table is printed at the end.
 */
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Two cores are shared: run the heavy files one after the other.
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    globalSetup: ['tests/reliability/global-setup.ts'],
  },
});
