import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { openStore } from '.'
import { newRun, tempDir } from './testing/tempStore'

const writer = fileURLToPath(new URL('./testing/metricWriter.ts', import.meta.url))
const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

describe('a writer killed with SIGKILL mid-loop', () => {
  it('leaves an intact database holding every acknowledged batch', async () => {
    const { dir, cleanup } = tempDir()
    cleanups.push(cleanup)
    const file = join(dir, 'blockwise.db')
    const setup = openStore(file)
    const runId = setup.runs.create(newRun({ status: 'running' })).id
    setup.close()

    const batchSize = 200
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', writer, file, String(runId), String(batchSize)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    let acked = -1
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    )
    await new Promise<void>((resolve, reject) => {
      let buffered = ''
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop()!
        for (const line of lines) acked = Number(line)
        if (acked >= 40) {
          child.kill('SIGKILL') // mid-loop: the child is between or inside transactions
          resolve()
        }
      })
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)))
    })
    expect(await exited).toBe('SIGKILL')

    const store = openStore(file)
    expect(store.readOnly).toBe(false)
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok')
    const loss = store.metrics.series(runId, 'loss', 1e9)
    const accuracy = store.metrics.series(runId, 'accuracy', 1e9)
    const needed = (acked + 1) * batchSize
    expect(loss.total).toBeGreaterThanOrEqual(needed)
    expect(accuracy.total).toBe(loss.total) // whole batches only: both series of a batch or neither
    expect(loss.total % batchSize).toBe(0)
    expect(
      loss.points.slice(0, needed).every((p, i) => p.step === i && p.value === 1 / (i + 1)),
    ).toBe(true)
    expect(accuracy.points.filter((p) => Number.isNaN(p.value)).length).toBe(
      Math.ceil(loss.total / 97),
    )
    expect(store.runs.markCrashedOnStartup()).toEqual([runId])
    store.close()
  })
})
