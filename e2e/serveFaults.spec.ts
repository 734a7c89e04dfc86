/**
 * Serve mode under a crash: `kill -9` of the server while a run trains. The trainer must notice
 * its parent is gone and exit on its own (no orphan burning the CPU), and the next start must
 * mark the run `crashed`. No browser: the API, as a script or the app would call it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { alive, trainerPids } from './harness/processes'
import { startServe } from './harness/serve'

test('kill -9 of the server mid-run: the trainer exits, the next start marks the run crashed', async () => {
  test.skip(process.platform !== 'linux', 'finds the trainer process through /proc')
  test.setTimeout(180_000)
  const home = mkdtempSync(join(tmpdir(), 'blockwise-e2e-kill-'))
  try {
    const first = await startServe(home)
    const { design } = await first.server.call<{ design: unknown }>('templates:get', {
      id: 'lenet5',
    })
    const run = await first.server.call<{ runId: number }>('runs:start', {
      design,
      datasetId: 'mnist',
      hyperparameters: { epochs: 20, batchSize: 8 },
    })
    await expect
      .poll(
        async () =>
          (await first.server.call<{ status: string }>('runs:get', { runId: run.runId })).status,
        { timeout: 90_000 },
      )
      .toBe('running')
    const [trainer] = trainerPids(home)
    expect(trainer).toBeDefined()

    await first.kill()
    // The trainer's channel to its parent closes with it; it exits after the batch in flight.
    await expect.poll(() => alive(trainer!), { timeout: 10_000, intervals: [100] }).toBe(false)
    expect(trainerPids(home)).toEqual([])

    const second = await startServe(home)
    try {
      const after = await second.server.call<{ status: string; error: string | null }>('runs:get', {
        runId: run.runId,
      })
      expect(after.status).toBe('crashed')
      expect(after.error).toMatch(/\S/)
    } finally {
      await second.stop()
    }
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
})
