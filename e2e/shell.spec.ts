/**
 * The shell in a real Chromium against `blockwise serve`: sign-in through the printed URL, the
 * connection gate, the status bar, a command and an event round trip from the page itself.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from './fixtures'

/** A tiny MNIST-layout IDX folder (train 40 / test 10, 3 classes) for an import. */
function writeTinyIdx(dir: string): void {
  const idx = (dims: number[], data: number[]): Buffer => {
    const header = Buffer.alloc(4 + 4 * dims.length)
    header.writeUInt8(0x08, 2)
    header.writeUInt8(dims.length, 3)
    dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i))
    return Buffer.concat([header, Buffer.from(data)])
  }
  mkdirSync(dir, { recursive: true })
  const images = (n: number): number[] =>
    Array.from({ length: n * 8 * 8 }, (_, i) => (i * 37) % 256)
  const labels = (n: number): number[] => Array.from({ length: n }, (_, i) => i % 3)
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([40, 8, 8], images(40)))
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx([40], labels(40)))
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([10, 8, 8], images(10)))
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([10], labels(10)))
}

test('the page signs in, shows ready and the status bar', async ({ app, blockwise }) => {
  // The token was traded for a cookie and removed from the address bar.
  expect(app.url()).toBe(`${blockwise.origin}/`)
  await expect(app.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready')
  await expect(app.getByTestId('status-data-dir')).toContainText(blockwise.home)
  await expect(app.getByTestId('status-backend')).toContainText(
    /WebAssembly|TensorFlow|JavaScript CPU/,
  )
  await expect(app.getByTestId('status-connection')).toHaveText(/Connected \(browser\)/)
  mkdirSync('e2e/artifacts', { recursive: true })
  await app.screenshot({ path: 'e2e/artifacts/shell.png' })
})

test('a command round-trips from the page with its session cookie', async ({ app, blockwise }) => {
  const design = { version: 1, name: 'From the page', nodes: [], edges: [] }
  const saved = await app.evaluate(async (d) => {
    const response = await fetch('/api/designs/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'From the page', design: d }),
    })
    return (await response.json()) as { ok: boolean; data: { id: number } }
  }, design)
  expect(saved.ok).toBe(true)
  const list = await blockwise.call<{ id: number; name: string }[]>('designs:list')
  expect(list).toEqual([expect.objectContaining({ id: saved.data.id, name: 'From the page' })])
})

test('events reach the page over the WebSocket', async ({ app, blockwise }) => {
  const source = join(blockwise.home, 'tiny-idx')
  writeTinyIdx(source)
  await app.evaluate(() => {
    // The e2e project has no DOM types: the page's globals as this test uses them.
    const g = globalThis as unknown as {
      messages: string[]
      location: { host: string }
      WebSocket: new (url: string) => {
        onopen: () => void
        onmessage: (m: { data: unknown }) => void
      }
    }
    const messages: string[] = []
    g.messages = messages
    const ws = new g.WebSocket(`ws://${g.location.host}/api/events`)
    return new Promise<void>((done) => {
      ws.onopen = () => done()
      ws.onmessage = (m) => messages.push(String(m.data))
    })
  })
  await blockwise.call('datasets:import', { path: source, name: 'Tiny', importId: 'e2e-import' })
  await expect
    .poll(async () =>
      app.evaluate(() => (globalThis as unknown as { messages: string[] }).messages.join('\n')),
    )
    .toContain('"importId":"e2e-import"')
})

test('without the token the page says how to sign in', async ({ page, blockwise }) => {
  const response = await page.goto(`${blockwise.origin}/`)
  expect(response?.status()).toBe(401)
  await expect(page.locator('[data-app-state="error"]')).toContainText(
    'Open the URL that `blockwise serve` printed',
  )
})

test('the gate explains an unreachable server and recovers on retry', async ({
  page,
  blockwise,
}) => {
  await page.route('**/api/system/info', (route) => route.abort('connectionrefused'))
  await page.goto(blockwise.url)
  const root = page.getByTestId('app-root')
  await expect(root).toHaveAttribute('data-app-state', 'error')
  await expect(page.getByTestId('connection-error')).toContainText(
    'The Blockwise server cannot be reached',
  )
  await page.screenshot({ path: 'e2e/artifacts/shell-unreachable.png' })
  await page.unroute('**/api/system/info')
  await page.getByRole('button', { name: 'Try again' }).click()
  await expect(root).toHaveAttribute('data-app-state', 'ready')
})

test('the gate explains a session the server no longer accepts', async ({ page, blockwise }) => {
  await page.route('**/api/system/info', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'UNAUTHORIZED', message: 'no session' } }),
    }),
  )
  await page.goto(blockwise.url)
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'error')
  await expect(page.getByTestId('connection-error')).toContainText('This page is not signed in')
})
