import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20_000,
    // On a PostgreSQL run (CIC_TEST_DATABASE_URL, see tests/pg/run.ts) migrates the
    // template database test apps are cloned from; does nothing on SQLite.
    globalSetup: ['tests/integration/pg-global-setup.ts'],
  },
});
