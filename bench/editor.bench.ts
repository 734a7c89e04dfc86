/**
 * The editor in a real browser: Debian's Chromium (through Playwright) against a built
 * `blockwise serve` with a temp data directory. Build first (`npm run build`).
 *
 * - ResNet-152 from a click on its template card to the canvas showing every stage's shape.
 * - One param edit in ResNet-152 to the new shapes in the DOM (analysis + React commit).
 * - Pan and zoom frame rate on ResNet-152, and inside conv4_x (36 bottleneck blocks, ~400 layers).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { median } from './measure'
import type { Bench, BenchResult } from './types'

const ROOT = resolve(import.meta.dirname, '..')

async function serve(home: string): Promise<{ child: ChildProcess; url: string }> {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html')))
    throw new Error('editor bench: build first (npm run build)')
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'blockwise.js'), 'serve', '--port', '0', '--json'],
    {
      env: { ...process.env, BLOCKWISE_HOME: home },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let out = ''
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`blockwise serve printed no URL:\n${out}`)),
      60_000,
    )
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const match = /"url":"([^"]+)"/.exec(out)
      if (match) {
        clearTimeout(timer)
        done(match[1]!)
      }
    })
    child.once('exit', (code) => fail(new Error(`blockwise serve exited with ${code}:\n${out}`)))
  })
  return { child, url }
}

/*
 * The in-page probes are strings: the bench is type-checked as Node code (no DOM types), and
 * tsx would wrap real functions in helpers the page does not have.
 */

/** ms from clicking the ResNet-152 card to every stage showing its shape, plus one frame. */
const OPEN_RESNET152 = `new Promise((done) => {
  const start = performance.now()
  document.querySelector('[data-testid="template-resnet152"]').click()
  const check = () => {
    const shape = document.querySelector('[data-testid="shape-stage4"]')?.textContent
    const gone = !document.querySelector('[data-testid="templates"]')
    if (shape === '7×7×2048' && gone) requestAnimationFrame(() => done(performance.now() - start))
    else requestAnimationFrame(check)
  }
  check()
})`

/** ms from typing a new width into conv4_x's filters to its shape text changing in the DOM. */
const EDIT_FILTERS = (value: number): string => `new Promise((done) => {
  const input = document.querySelector('[data-testid="param-filters"]')
  const shape = document.querySelector('[data-testid="shape-stage3"]')
  const expected = '14×14×${value * 4}'
  let start = 0
  const observer = new MutationObserver(() => {
    if (shape.textContent !== expected) return
    observer.disconnect()
    done(performance.now() - start)
  })
  observer.observe(shape, { characterData: true, childList: true, subtree: true })
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set
  start = performance.now()
  setValue.call(input, '${value}')
  input.dispatchEvent(new Event('input', { bubbles: true }))
})`

/** Frame intervals (ms) while the canvas pans and zooms under synthetic wheel input. */
const PAN_ZOOM = (ms: number): string => `new Promise((done) => {
  const pane = document.querySelector('.react-flow__pane')
  const box = pane.getBoundingClientRect()
  const intervals = []
  const start = performance.now()
  let last = start
  let i = 0
  const frame = (now) => {
    intervals.push(now - last)
    last = now
    i++
    // Alternate a zoom step (ctrl+wheel, in then out) and a pan step (plain wheel).
    const zoom = i % 2 === 0
    pane.dispatchEvent(new WheelEvent('wheel', {
      deltaY: zoom ? (i % 40 < 20 ? -40 : 40) : 0,
      deltaX: zoom ? 0 : (i % 60 < 30 ? 25 : -25),
      ctrlKey: zoom,
      clientX: box.left + box.width / 2,
      clientY: box.top + box.height / 2,
      bubbles: true,
      cancelable: true,
    }))
    if (now - start < ${ms}) requestAnimationFrame(frame)
    else done(intervals.slice(1))
  }
  requestAnimationFrame(frame)
})`

async function openResnet152(page: Page): Promise<number> {
  // From a blank design, so the previous ResNet-152's nodes cannot satisfy the probe.
  await page.getByTestId('cmd-new').click()
  await page.getByTestId('node-stage4').waitFor({ state: 'detached' })
  await page.getByTestId('cmd-templates').click()
  await page.getByTestId('template-resnet152').waitFor()
  return page.evaluate<number>(OPEN_RESNET152)
}

const editFilters = (page: Page, filters: number): Promise<number> =>
  page.evaluate<number>(EDIT_FILTERS(filters))
const panZoomFrames = (page: Page, ms: number): Promise<number[]> =>
  page.evaluate<number[]>(PAN_ZOOM(ms))

const fps = (intervals: number[]): string => {
  const sorted = [...intervals].sort((a, b) => a - b)
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0
  return `${intervals.length} frames, p95 frame ${p95.toFixed(1)} ms`
}

const bench: Bench = {
  name: 'editor',
  async run() {
    const home = mkdtempSync(join(tmpdir(), 'blockwise-bench-editor-'))
    const { child, url } = await serve(home)
    const browser = await chromium.launch({
      executablePath: process.env.BLOCKWISE_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu'],
    })
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } })
      await page.goto(url)
      await page.locator('[data-app-state="ready"]').first().waitFor()
      await page.getByTestId('welcome-blank').click()

      const opens: number[] = []
      await openResnet152(page) // warm-up: loads elkjs and JIT-compiles the analysis
      for (let i = 0; i < 7; i++) opens.push(await openResnet152(page))

      await page.getByTestId('node-stage3').click()
      await page.getByTestId('param-filters').waitFor()
      const edits: number[] = []
      for (let i = 0; i < 3; i++) await editFilters(page, 260 + (i % 2))
      for (let i = 0; i < 21; i++) edits.push(await editFilters(page, i % 2 === 0 ? 256 : 260))

      await page.getByTestId('cmd-fit').click()
      const outside = await panZoomFrames(page, 3000)
      await page.getByTestId('open-stage3').click()
      await page.getByTestId('inside-view').waitFor()
      await page.waitForTimeout(1500)
      const layers = await page.locator('.react-flow__node').count()
      const inside = await panZoomFrames(page, 3000)

      const results: BenchResult[] = [
        {
          name: 'ResNet-152: template click to interactive',
          value: median(opens),
          unit: 'ms',
          samples: opens.length,
          target: { op: '<', value: 1000 },
          detail: `Chromium, serve mode, elk layout included; min ${Math.min(...opens).toFixed(0)} max ${Math.max(...opens).toFixed(0)} ms`,
        },
        {
          name: 'ResNet-152: param edit to re-rendered shapes',
          value: median(edits),
          unit: 'ms',
          samples: edits.length,
          target: { op: '<', value: 16 },
          detail: `conv4_x filters 256↔260 (36 bottleneck blocks re-inferred); min ${Math.min(...edits).toFixed(1)} max ${Math.max(...edits).toFixed(1)} ms`,
        },
        {
          name: 'ResNet-152: pan/zoom frame rate',
          value: 1000 / median(outside),
          unit: 'fps',
          samples: outside.length,
          detail: fps(outside),
        },
        {
          name: 'ResNet-152 conv4_x inside: pan/zoom frame rate',
          value: 1000 / median(inside),
          unit: 'fps',
          samples: inside.length,
          detail: `${layers} layer nodes; ${fps(inside)}`,
        },
      ]
      return results
    } finally {
      await browser.close()
      child.kill('SIGTERM')
      rmSync(home, { recursive: true, force: true })
    }
  },
}

export default bench
