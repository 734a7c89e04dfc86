/**
 * The `app` fixture: one test body, two shells. The `appKind` option (set per Playwright
 * project) picks the browser against `blockwise serve` or the Electron desktop app; each test
 * gets a fresh data directory either way. Where Electron cannot run here the electron project's
 * tests are skipped with the reason (see `skipWithoutShell`).
 *
 *   import { test, expect, skipWithoutShell } from './appFixture'
 *   skipWithoutShell(test)
 *   test('…', async ({ app }) => { await app.page.getByTestId('welcome-blank').click() })
 */
import { test as base, expect, type Browser } from '@playwright/test'
import type { AppKind, BlockwiseApp, OpenedApp } from './harness/app'
import { electronMissing, electronRuntime } from './harness/electronRuntime'
import { openElectronApp } from './harness/electronApp'
import { openServeApp } from './harness/serveApp'

export { expect }
export type { AppKind, BlockwiseApp }

export interface AppOptions {
  /** Which shell shows the app: `serve` (Debian's Chromium) or `electron`. */
  appKind: AppKind
}

interface WorkerFixtures extends AppOptions {
  /** Chromium for serve mode, launched only by workers that need it (never for Electron). */
  serveBrowser: Browser | null
}

export const test = base.extend<{ app: BlockwiseApp }, WorkerFixtures>({
  appKind: ['serve', { option: true, scope: 'worker' }],

  serveBrowser: [
    async ({ appKind, playwright, launchOptions }, use) => {
      if (appKind !== 'serve') return use(null)
      const browser = await playwright.chromium.launch(launchOptions)
      await use(browser)
      await browser.close()
    },
    { scope: 'worker' },
  ],

  app: async ({ appKind, serveBrowser, viewport }, use, testInfo) => {
    let opened: OpenedApp
    if (appKind === 'serve') {
      if (!serveBrowser) throw new Error('serve mode without a browser')
      opened = await openServeApp(serveBrowser, { viewport })
    } else {
      const runtime = electronRuntime()
      if ('missing' in runtime) {
        testInfo.skip(true, `Electron: ${runtime.missing}.`)
        return
      }
      opened = await openElectronApp()
    }
    try {
      await use(opened.app)
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        const shot = await opened.app.page.screenshot().catch(() => null)
        if (shot) await testInfo.attach('screen', { body: shot, contentType: 'image/png' })
        await testInfo.attach(`${appKind} output`, {
          body: opened.app.output(),
          contentType: 'text/plain',
        })
      }
      await opened.close()
    }
  },
})

/**
 * Skips a file's tests in the electron project when Electron cannot run here, before any
 * fixture starts, naming what is missing.
 */
export function skipWithoutShell(t: typeof test): void {
  t.skip(
    ({ appKind }) => appKind === 'electron' && electronMissing !== null,
    `Electron: ${electronMissing ?? ''}.`,
  )
}
