import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getTemplate } from '../../shared/templates'
import { ensureBuiltinDatasets } from '../datasets'
import { databaseFile } from '../home'
import { openStore, type Store } from '../store'
import { Prober, ProbeError } from './probe'
import { checkRequest, EnqueueError } from './supervisor'
import { parseSettings } from '../../shared/training/settings'

// Real trainer processes and the real MNIST cache.
let home: string
let store: Store
const prober = new Prober()
const lenet = () => getTemplate('lenet5')!.build()

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'blockwise-probe-'))
  store = openStore(databaseFile(home))
  await ensureBuiltinDatasets(store, home)
}, 120_000)

afterAll(() => {
  prober.close()
  store.close()
  rmSync(home, { recursive: true, force: true })
})

const rejection = (p: Promise<unknown>): Promise<ProbeError> =>
  p.then(
    () => {
      throw new Error('expected the probe to fail')
    },
    (e: unknown) => e as ProbeError,
  )

describe('the speed probe', () => {
  it('times LeNet-5 on MNIST in a trainer process and scales it to an epoch', async () => {
    const r = await prober.probe({
      design: lenet(),
      datasetId: 'mnist',
      home,
      settings: parseSettings({ batchSize: 64, limit: 500 }),
    })
    expect(r.backend.name).toMatch(/^(wasm|cpu|tensorflow)/)
    expect(r.steps).toBe(3)
    expect(r.stepsPerEpoch).toBe(Math.ceil(500 / 64))
    for (const v of [r.msPerStep, r.imagesPerSec, r.msPerEpoch]) {
      expect(Number.isFinite(v)).toBe(true)
      expect(v).toBeGreaterThan(0)
    }
    expect(r.msPerEpoch).toBeCloseTo(r.msPerStep * r.stepsPerEpoch, 6)
    // 64 images per timed step: the two figures describe the same measurement.
    expect(r.imagesPerSec).toBeCloseTo((64 / r.msPerStep) * 1000, 3)
  }, 120_000)

  it('refuses a design that is not valid, with a compile error from the trainer', async () => {
    const broken = { ...lenet(), edges: [] }
    const e = await rejection(
      prober.probe({
        design: broken,
        datasetId: 'mnist',
        home,
        settings: parseSettings({ batchSize: 32 }),
      }),
    )
    expect(e).toBeInstanceOf(ProbeError)
    expect(e.kind).toBe('compile')
    expect(e.message).toMatch(/not valid/)
  }, 60_000)

  it('cancels the probe in flight when a second one is asked for', async () => {
    const job = {
      design: lenet(),
      datasetId: 'mnist',
      home,
      settings: parseSettings({ batchSize: 32, limit: 64 }),
    }
    const first = rejection(prober.probe(job))
    const second = prober.probe(job)
    expect((await first).kind).toBe('cancelled')
    expect((await second).stepsPerEpoch).toBe(2)
  }, 120_000)

  it('checks a request as runs:start does: invalid design, unknown dataset, mismatch', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return e instanceof EnqueueError ? e.code : String(e)
      }
      return 'accepted'
    }
    expect(code(() => checkRequest(store, { design: lenet(), datasetId: 'mnist' }))).toBe(
      'accepted',
    )
    expect(
      code(() => checkRequest(store, { design: { ...lenet(), edges: [] }, datasetId: 'mnist' })),
    ).toBe('invalid-design')
    expect(code(() => checkRequest(store, { design: lenet(), datasetId: 'nope' }))).toBe(
      'unknown-dataset',
    )
    expect(code(() => checkRequest(store, { design: lenet(), datasetId: 'cifar10' }))).toMatch(
      /dataset-mismatch|unknown-dataset/,
    )
  })
})
