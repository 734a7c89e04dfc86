/**
 * Playwright fixtures for Blockwise. Each test gets its own `blockwise serve` (built CLI, port 0,
 * a fresh temp BLOCKWISE_HOME), and `app` is a page signed in through the printed URL and
 * waited on until `data-app-state="ready"`. Build first: `npm run build` (this builds nothing).
 *
 *   import { test, expect } from './fixtures'
 *   test('…', async ({ app, blockwise }) => { … })
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

export { expect }

const ROOT = resolve(import.meta.dirname, '..')
const CLI = join(ROOT, 'bin', 'blockwise.js')
const URL_PATTERN = /(http:\/\/\S+\/\?token=[A-Za-z0-9_-]+)/
const START_TIMEOUT_MS = 60_000

export interface BlockwiseServer {
  /** The printed URL, token included. */
  url: string
  /** `http://127.0.0.1:<port>` */
  origin: string
  token: string
  /** The temp data directory (BLOCKWISE_HOME) of this test. */
  home: string
  /** Everything the server printed so far (for failure messages). */
  output(): string
  /** Calls a command directly (seeding data); rejects with the error code and message. */
  call<T = unknown>(command: string, payload?: unknown): Promise<T>
}

export interface BlockwiseFixtures {
  blockwise: BlockwiseServer
  /** A page signed in to the server and showing the app (`data-app-state="ready"`). */
  app: Page
}

/** Starts `blockwise serve --port 0` and resolves with the URL it prints. */
async function startServe(
  home: string,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error('Blockwise is not built: run `npm run build` before the e2e tests.')
  }
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, BLOCKWISE_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((done, failed) => {
    const timer = setTimeout(
      () =>
        failed(new Error(`blockwise serve printed no URL in ${START_TIMEOUT_MS} ms:\n${output}`)),
      START_TIMEOUT_MS,
    )
    const read = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = URL_PATTERN.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        done(match[1])
      }
    }
    child.stdout?.on('data', read)
    child.stderr?.on('data', read)
    child.once('exit', (code) => {
      clearTimeout(timer)
      failed(new Error(`blockwise serve exited with ${code} before printing a URL:\n${output}`))
    })
  })
  return { child, url, output: () => output }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
}

/** Waits for the app to be ready; fails at once with the page's message when it shows an error. */
export async function waitForReady(page: Page): Promise<void> {
  const settled = page.locator('[data-app-state="ready"], [data-app-state="error"]').first()
  await settled.waitFor({ state: 'attached', timeout: 30_000 })
  if ((await settled.getAttribute('data-app-state')) === 'error') {
    throw new Error(`The app showed an error instead of loading: ${await settled.innerText()}`)
  }
}

export const test = base.extend<BlockwiseFixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring
  blockwise: async ({}, use) => {
    const home = mkdtempSync(join(tmpdir(), 'blockwise-e2e-'))
    const { child, url, output } = await startServe(home)
    const parsed = new URL(url)
    const token = parsed.searchParams.get('token') ?? ''
    const server: BlockwiseServer = {
      url,
      origin: parsed.origin,
      token,
      home,
      output,
      async call<T>(command: string, payload?: unknown): Promise<T> {
        const [domain, verb] = command.split(':')
        const response = await fetch(`${parsed.origin}/api/${domain}/${verb}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
          body: JSON.stringify(payload ?? null),
        })
        const result = (await response.json()) as {
          ok: boolean
          data?: T
          error?: { code: string; message: string }
        }
        if (!result.ok)
          throw new Error(`${command} failed: ${result.error?.code}: ${result.error?.message}`)
        return result.data as T
      },
    }
    try {
      await use(server)
    } finally {
      await stop(child)
      rmSync(home, { recursive: true, force: true })
    }
  },

  app: async ({ page, blockwise }, use) => {
    await page.goto(blockwise.url)
    await waitForReady(page)
    await use(page)
  },
})
