/**
 * Playwright fixtures for the serve-mode specs. Each test gets its own `blockwise serve` (built
 * CLI, port 0, a fresh temp BLOCKWISE_HOME), and `app` is a page signed in through the printed
 * URL and waited on until `data-app-state="ready"`. Build first: `npm run build` (this builds
 * nothing). The journeys, which also run in the desktop app, use ./appFixture instead.
 *
 *   import { test, expect } from './fixtures'
 *   test('…', async ({ app, blockwise }) => { … })
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'
import { waitForReady } from './harness/ready'
import { startServe, type BlockwiseServer } from './harness/serve'

export { expect, waitForReady }
export type { BlockwiseServer }

export interface BlockwiseFixtures {
  blockwise: BlockwiseServer
  /** A page signed in to the server and showing the app (`data-app-state="ready"`). */
  app: Page
}

export const test = base.extend<BlockwiseFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  blockwise: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'blockwise-e2e-'))
    try {
      const { server, stop } = await startServe(home)
      try {
        await use(server)
      } finally {
        await stop()
      }
    } finally {
      rmSync(home, { recursive: true, force: true })
    }
  },

  app: async ({ page, blockwise }, use) => {
    await page.goto(blockwise.url)
    await waitForReady(page)
    await use(page)
  },
})
