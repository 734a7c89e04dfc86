/**
 * The desktop app under Playwright's `_electron`: the built main (`out/main/index.js`) with a
 * fresh BLOCKWISE_HOME and a fresh Chromium profile (localStorage, the single-instance lock),
 * loading the bundle from app:// as a user's copy does, its native dialogs stubbed.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, sep } from 'node:path'
import {
  _electron,
  expect,
  type ElectronApplication,
  type Locator,
  type Page,
} from '@playwright/test'
import type { BlockwiseApp, OpenedApp } from './app'
import { answerDialog, dialogCalls, stubNativeDialogs } from './nativeDialogs'
import { ROOT } from './paths'
import { waitForReady } from './ready'

const MAIN = join(ROOT, 'out', 'main', 'index.js')
const CLOSE_TIMEOUT_MS = 15_000
/** The first start may build better-sqlite3 for Electron before it opens the window. */
const FIRST_WINDOW_TIMEOUT_MS = 120_000
/**
 * The app builds better-sqlite3 for Electron's ABI once per data directory (`<home>/native`,
 * see src/main/electron/nativeSqlite.ts). Fresh data directories would rebuild it every test,
 * so the harness keeps the build here and puts it in each new home: a build artifact, no data.
 */
const NATIVE_CACHE = join(ROOT, 'node_modules', '.cache', 'blockwise-e2e', 'native')

function seedNativeBuild(home: string): void {
  if (existsSync(NATIVE_CACHE)) cpSync(NATIVE_CACHE, join(home, 'native'), { recursive: true })
}

function keepNativeBuild(home: string): void {
  const built = join(home, 'native')
  if (!existsSync(built)) return
  for (const entry of readdirSync(built)) {
    // `<folder>.tmp-<pid>` is a build in progress or a failed one.
    if (entry.includes('.tmp-') || existsSync(join(NATIVE_CACHE, entry))) continue
    cpSync(join(built, entry), join(NATIVE_CACHE, entry), { recursive: true })
  }
}

/** The page's view of the preload's bridge (the e2e project has no renderer types). */
interface BridgeGlobals {
  blockwise: Record<
    string,
    Record<
      string,
      (
        payload: unknown,
      ) => Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>
    >
  >
}

/** The environment of the app: ours, minus what would point it elsewhere. */
function appEnv(home: string, profile: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value
  // A dev-server URL would load the renderer from there instead of app://; RUN_AS_NODE would
  // start plain Node.
  delete env.ELECTRON_RENDERER_URL
  delete env.ELECTRON_RUN_AS_NODE
  env.BLOCKWISE_HOME = home
  // On Linux Electron's appData is $XDG_CONFIG_HOME: a second fence around the profile.
  if (process.platform === 'linux') env.XDG_CONFIG_HOME = join(profile, 'config')
  return env
}

/**
 * Launches Electron on a fresh data directory and profile and waits for the first window.
 * Check `electronRuntime()` first: Playwright finds the binary through `require('electron')`,
 * which would try to download it when it is missing.
 */
export async function openElectronApp(): Promise<OpenedApp & { electron: ElectronApplication }> {
  const base = mkdtempSync(join(tmpdir(), 'blockwise-electron-'))
  const home = join(base, 'home')
  const profile = join(base, 'profile')
  mkdirSync(home)
  mkdirSync(profile)
  seedNativeBuild(home)
  let electron: ElectronApplication | null = null
  let output = ''
  try {
    // No executablePath: Playwright then preloads its loader, which holds the app's `ready`
    // until it is attached and adds its usual Chromium switches (no background throttling…).
    electron = await _electron.launch({
      // Playwright adds --no-sandbox on Linux (Chromium's setuid sandbox needs a root-owned
      // helper that node_modules/electron/dist never has); the window's own sandbox stays on.
      args: [`--user-data-dir=${profile}`, MAIN],
      env: appEnv(home, profile),
      cwd: ROOT,
    })
    const launched = electron
    const collect = (chunk: Buffer): void => void (output += chunk.toString())
    launched.process().stdout?.on('data', collect)
    launched.process().stderr?.on('data', collect)
    const userData = await launched.evaluate(({ app }) => app.getPath('userData'))
    if (!userData.startsWith(profile + sep) && userData !== profile)
      throw new Error(
        `Electron keeps its profile in ${userData}, outside this test's ${profile}: the run would share localStorage with others.`,
      )
    await stubNativeDialogs(launched)
    const page = await launched.firstWindow({ timeout: FIRST_WINDOW_TIMEOUT_MS })
    await waitForReady(page)
    const app = electronDriver(launched, page, home, base, () => output)
    return {
      app,
      electron: launched,
      async close() {
        await closeElectron(launched)
        keepNativeBuild(home)
        rmSync(base, { recursive: true, force: true })
      },
    }
  } catch (error) {
    if (electron) await closeElectron(electron)
    keepNativeBuild(home)
    rmSync(base, { recursive: true, force: true })
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`, {
      cause: error,
    })
  }
}

function electronDriver(
  electron: ElectronApplication,
  page: Page,
  home: string,
  base: string,
  output: () => string,
): BlockwiseApp {
  /** Answers the next native folder dialog with `folder`, clicks `button`, checks the ask. */
  const pickFolder = async (button: Locator, folder: string, title: string): Promise<void> => {
    const before = (await dialogCalls(electron)).length
    await answerDialog(electron, 'open', folder)
    await button.click()
    await expect.poll(async () => (await dialogCalls(electron)).length).toBe(before + 1)
    const call = (await dialogCalls(electron))[before]
    expect(call).toMatchObject({
      kind: 'open',
      answer: folder,
      options: { title, properties: ['openDirectory'] },
    })
  }
  return {
    kind: 'electron',
    page,
    home,
    output,
    async call<T>(command: string, payload?: unknown): Promise<T> {
      const result = await page.evaluate(
        ({ command, payload }) => {
          const [domain = '', verb = ''] = command.split(':')
          const method = (globalThis as unknown as BridgeGlobals).blockwise[domain]?.[verb]
          if (!method) throw new Error(`The preload has no ${command}`)
          return method(payload ?? null)
        },
        { command, payload },
      )
      if (!result.ok)
        throw new Error(`${command} failed: ${result.error?.code}: ${result.error?.message}`)
      return result.data as T
    },
    async chooseImportFolder(folder) {
      await pickFolder(page.getByTestId('import-choose'), folder, 'Choose a dataset folder')
      await expect(page.getByTestId('import-path')).toHaveValue(folder)
    },
    async exportAndTake(ex, format) {
      // A folder of the user's choosing, outside the data directory.
      const folder = join(base, 'my-models')
      mkdirSync(folder, { recursive: true })
      await pickFolder(ex.panel.getByTestId('export-choose-folder'), folder, 'Export into folder')
      await expect(ex.panel.getByTestId('export-folder')).toHaveText(folder)
      await ex.export(format)
      await expect(ex.result).toBeVisible()
      const path = await ex.path.innerText()
      expect(dirname(path)).toBe(folder)
      await expect(ex.download).toHaveCount(0)
      return { path, bytes: readFileSync(path) }
    },
  }
}

/** Quits the app (it closes its services first); kills it if it does not go in time. */
async function closeElectron(electron: ElectronApplication): Promise<void> {
  const child = electron.process()
  let timer: ReturnType<typeof setTimeout> | undefined
  const closed = await Promise.race([
    electron.close().then(() => true),
    new Promise<false>((done) => (timer = setTimeout(() => done(false), CLOSE_TIMEOUT_MS))),
  ]).catch(() => false)
  clearTimeout(timer)
  if (!closed && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
