import { defineConfig } from '@playwright/test'
import type { AppOptions } from './e2e/appFixture'
import { electronMissing } from './e2e/harness/electronRuntime'

/**
 * Two projects. `serve`: every spec in Debian's Chromium against `blockwise serve` (see
 * e2e/fixtures.ts, e2e/appFixture.ts). `electron`: the user journeys and the shell's security
 * checks in the desktop app through Playwright's `_electron`, skipped with the reason where
 * Electron cannot run (no binary, no display, not built).
 */
if (electronMissing && process.env.TEST_WORKER_INDEX === undefined)
  console.log(`The electron project's tests are skipped here: ${electronMissing}.`)

export default defineConfig<AppOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.BLOCKWISE_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
  projects: [
    { name: 'serve', testIgnore: 'electron.spec.ts', use: { appKind: 'serve' } },
    {
      name: 'electron',
      testMatch: ['journeys.spec.ts', 'electron.spec.ts'],
      use: { appKind: 'electron' },
    },
  ],
})
