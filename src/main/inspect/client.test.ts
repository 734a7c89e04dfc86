import { afterAll, describe, expect, it } from 'vitest'
import { tinyDesign } from '../engine/trainer/testData'
import { createInspector, inspectorEntry, InspectError } from './client'
import type { InspectTarget } from './protocol'

/** A target whose checkpoint does not exist: the inspector answers with an error, quickly. */
const target: InspectTarget = {
  runId: 1,
  design: tinyDesign(),
  checkpointDir: '/nonexistent/checkpoints/epoch-0001',
  checkpoint: { epoch: 1, valAccuracy: null, isBest: true },
  cacheDir: '/nonexistent/inspect',
  home: '/nonexistent',
  datasetId: 'none',
  valFraction: 0.1,
  seed: 0,
  classNames: [],
  backend: 'cpu',
}

const inspector = createInspector({ entry: inspectorEntry(import.meta.dirname) })
afterAll(() => inspector.close())

describe('the inspector process', () => {
  it('answers a failure as an error of its kind, not a crash', async () => {
    const e = await inspector.request(target, { type: 'evaluation' }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(InspectError)
    expect(e).toMatchObject({ kind: 'internal', message: expect.stringMatching(/nonexistent/) })
  })

  it('retries a request once in a fresh process when the process dies under it', async () => {
    inspector.close()
    const answer = inspector.request(target, { type: 'evaluation' }).catch((x: unknown) => x)
    const first = inspector.pid!
    process.kill(first, 'SIGKILL')
    // The retry ran in a new process and got the real answer.
    expect(await answer).toMatchObject({ kind: 'internal' })
    expect(inspector.pid).not.toBe(first)
  })

  it('gives up after the second death with what happened', async () => {
    const answer = inspector.request(target, { type: 'evaluation' }).catch((x: unknown) => x)
    const first = inspector.pid!
    process.kill(first, 'SIGKILL')
    // The retry starts as soon as the first process is gone; kill it while it is still booting.
    while (inspector.pid === first || inspector.pid === undefined)
      await new Promise((r) => setTimeout(r, 5))
    process.kill(inspector.pid, 'SIGKILL')
    expect(await answer).toMatchObject({
      kind: 'crashed',
      message: expect.stringMatching(/was killed \(SIGKILL\)/),
    })
  })
})
