import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Year-less syslog stamps are read as local time; golden files are written in UTC.
    // Readers open `file:…?immutable=1` URIs (src/store/db.ts turns URIs on before the first connection);
    // a test file that opens better-sqlite3 directly may come first in a worker, so turn them on from the start.
    env: { TZ: 'UTC', SQLITE_USE_URI: '1' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
