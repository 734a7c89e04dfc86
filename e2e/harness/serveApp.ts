import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, sep } from 'node:path'
import {
  expect,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
} from '@playwright/test'
import type { BlockwiseApp, OpenedApp } from './app'
import { waitForReady } from './ready'
import { startServe } from './serve'

/** `blockwise serve` on a fresh data directory, and a new browser context signed in to it. */
export async function openServeApp(
  browser: Browser,
  contextOptions: BrowserContextOptions,
): Promise<OpenedApp> {
  const home = mkdtempSync(join(tmpdir(), 'blockwise-e2e-'))
  let serve: Awaited<ReturnType<typeof startServe>> | null = null
  let context: BrowserContext | null = null
  try {
    serve = await startServe(home)
    const { server } = serve
    context = await browser.newContext({ ...contextOptions, acceptDownloads: true })
    const page = await context.newPage()
    const app: BlockwiseApp = {
      kind: 'serve',
      page,
      home,
      call: (command, payload) => server.call(command, payload),
      output: server.output,
      async chooseImportFolder(folder) {
        await expect(page.getByTestId('import-choose')).toHaveCount(0)
        await page.getByTestId('import-path').fill(folder)
      },
      async exportAndTake(ex, format) {
        await ex.export(format)
        await expect(ex.result).toBeVisible()
        const path = await ex.path.innerText()
        // The server writes under its data directory; the browser takes it as a download.
        expect(path.startsWith(join(home, 'exports') + sep)).toBe(true)
        const [download] = await Promise.all([page.waitForEvent('download'), ex.download.click()])
        expect(download.suggestedFilename()).toBe(basename(path))
        const bytes = readFileSync(await download.path())
        expect(bytes.equals(readFileSync(path))).toBe(true)
        return { path, bytes }
      },
    }
    await page.goto(server.url)
    await waitForReady(page)
    const [opened, openedContext] = [serve, context]
    return {
      app,
      async close() {
        await openedContext.close()
        await opened.stop()
        rmSync(home, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await context?.close()
    await serve?.stop()
    rmSync(home, { recursive: true, force: true })
    throw error
  }
}
