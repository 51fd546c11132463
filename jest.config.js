// Three projects: pure unit specs next to the code, e2e specs that share one embedded PostgreSQL started
// by the global setup (each e2e or browser file gets its own database), and real-browser specs that drive
// Debian's Chromium with playwright-core. The browser project runs only where a Chromium binary exists.
const { existsSync } = require('node:fs');

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: false }];

const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium) {
  if (process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${chromiumPath}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  process.stderr.write(
    `Browser tests were not run: no Chromium at ${chromiumPath}. To run them: apt-get install chromium (or set CHROMIUM_PATH)\n`,
  );
}

/** @type {import('jest').Config} */
module.exports = {
  // Per-project testTimeout is ignored by Jest 30; e2e specs start servers and child processes.
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testMatch: ['<rootDir>/src/**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    ...(hasChromium
      ? [
          {
            displayName: 'browser',
            rootDir: __dirname,
            testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
            transform: { '^.+\\.ts$': tsJest },
            testEnvironment: 'node',
            // jest-circus 30 applies only the root testTimeout (5 s by default) and ignores a project's own
            // value, here and in e2e above; the browser specs therefore also call jest.setTimeout(120_000).
            testTimeout: 120000,
          },
        ]
      : []),
  ],
};
