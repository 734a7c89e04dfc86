/**
 * The desktop app under Playwright's `_electron`: runs where an Electron runtime exists (its
 * binary downloaded, and a display on Linux) and is skipped with the reason elsewhere. Asserts
 * the security settings: webPreferences, the CSP header of the app:// bundle, blocked
 * navigation and window.open, and the preload's surface.
 */
import { expect, test, type ElectronApplication, type Page } from '@playwright/test'
import type { OpenedApp } from './harness/app'
import { openElectronApp } from './harness/electronApp'
import { electronRuntime } from './harness/electronRuntime'

/** The page's globals as these tests touch them (the e2e project has no DOM types). */
interface PageGlobals {
  location: { href: string }
  open(url: string): unknown
  fetch(url: string): Promise<{ status: number; headers: { get(name: string): string | null } }>
  blockwise: Record<string, Record<string, unknown>> & { system: { info(): Promise<unknown> } }
  ipcRenderer?: unknown
}

const runtime = electronRuntime()

test.describe('Electron app', () => {
  test.skip('missing' in runtime, 'missing' in runtime ? `Electron: ${runtime.missing}.` : '')

  let opened: OpenedApp | undefined
  let app: ElectronApplication
  let page: Page
  let home: string

  test.beforeAll(async () => {
    if (!('path' in runtime)) return
    test.setTimeout(180_000) // a first start may build better-sqlite3 for Electron
    const launched = await openElectronApp()
    opened = launched
    app = launched.electron
    page = launched.app.page
    home = launched.app.home
  })

  test.afterAll(async () => {
    await opened?.close()
  })

  test('loads the bundle from app://, not file://', async () => {
    expect(page.url()).toMatch(/^app:\/\/bundle\//)
  })

  test('the window is isolated, sandboxed and without Node', async () => {
    // getLastWebPreferences is Electron's internal view of what the window really got.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents as unknown as {
        getLastWebPreferences(): unknown
      }
      return contents.getLastWebPreferences()
    })
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    })
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe(
      'undefined',
    )
  })

  test('the bundle carries the strict CSP', async () => {
    const csp = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals
      return (await g.fetch(g.location.href)).headers.get('content-security-policy')
    })
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).not.toContain('unsafe-eval')
    const outside = await page.evaluate(
      async () =>
        (
          await (globalThis as unknown as PageGlobals).fetch(
            'app://bundle/%2e%2e/%2e%2e/package.json',
          )
        ).status,
    )
    expect(outside).toBe(404)
  })

  test('navigation away and window.open are blocked', async () => {
    const before = page.url()
    await page.evaluate(() => {
      ;(globalThis as unknown as PageGlobals).location.href = 'https://example.com/'
    })
    await page.waitForTimeout(500)
    expect(page.url()).toBe(before)
    expect(
      await page.evaluate(
        () => (globalThis as unknown as PageGlobals).open('https://example.com/') === null,
      ),
    ).toBe(true)
    expect(app.windows()).toHaveLength(1)
  })

  test('the preload exposes named methods and events, nothing raw', async () => {
    const surface = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals
      const bridge = g.blockwise
      return {
        domains: Object.keys(bridge).sort(),
        designs: Object.entries(bridge.designs ?? {})
          .map(([k, v]) => `${k}:${typeof v}`)
          .sort(),
        hasIpc: g.ipcRenderer !== undefined || 'invoke' in bridge || 'send' in bridge,
      }
    })
    expect(surface.domains).toEqual(
      expect.arrayContaining(['system', 'designs', 'runs', 'datasets', 'templates', 'dialogs']),
    )
    expect(surface.designs).toEqual([
      'delete:function',
      'get:function',
      'list:function',
      'rename:function',
      'save:function',
    ])
    expect(surface.hasIpc).toBe(false)
    const info = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).blockwise.system.info(),
    )
    expect(info).toMatchObject({ ok: true, data: { transport: 'ipc', dataDir: home } })
  })
})
