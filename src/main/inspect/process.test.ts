/**
 * The whole path as the app takes it: a run and its checkpoint in a real store, a dataset in a
 * real cache, the handlers of `src/main/services/inspect.ts` and a real inspector process.
 */
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ResponseOf } from '../../shared/api'
import { importDataset, loadDataset } from '../datasets'
import { writeIdxFolder } from '../datasets/testing/fixtures'
import { parseSettings } from '../../shared/training/settings'
import { runJob } from '../engine/trainer/job'
import { tinyDesign } from '../engine/trainer/testData'
import { createEventBus } from '../services/eventBus'
import { inspectHandlers } from '../services/inspect'
import type { Store } from '../store'
import { tempStore } from '../store/testing/tempStore'
import { createInspector, inspectorEntry, type Inspector } from './client'

let store: Store
let home: string
let cleanup: () => void
const inspector = createInspector({ entry: inspectorEntry(import.meta.dirname) })
const events = createEventBus()
let handlers: ReturnType<typeof inspectHandlers>
let runId = 0
let trainerTop1 = 0

beforeAll(async () => {
  ;({ store, dir: home, cleanup } = tempStore())
  handlers = inspectHandlers({ store, home, events, inspector })
  const src = join(home, 'src')
  mkdirSync(src)
  writeIdxFolder(src, { train: 3000, test: 60, h: 8, w: 8, classes: 4 })
  const { dataset } = await importDataset(store, home, { path: src, name: 'eights' })
  const settings = parseSettings({
    epochs: 2,
    batchSize: 20,
    lr: 0.05,
    optimizer: 'momentum',
    seed: 4,
    valFraction: 0.2,
  })
  const run = store.runs.create({
    name: 'tiny',
    designName: 'tiny',
    graph: tinyDesign(),
    hyperparameters: { ...settings, backend: 'cpu' },
    datasetId: dataset.id,
    status: 'running',
  })
  runId = run.id
  await runJob(
    {
      runId,
      design: tinyDesign(),
      settings,
      home,
      datasetId: dataset.id,
      runDir: join(home, 'runs', String(runId)),
      backend: 'cpu',
    },
    {
      send: (m) => {
        if (m.type === 'checkpoint')
          store.checkpoints.add({
            runId,
            epoch: m.epoch,
            step: m.step,
            path: m.path,
            valAccuracy: m.valAccuracy,
            isBest: m.isBest,
          })
        if (m.type === 'done') trainerTop1 = m.test!.top1
      },
      shouldStop: () => false,
      loadData: () => loadDataset(home, dataset.id, { valFraction: 0.2, seed: 4 }),
    },
  )
  store.runs.finish(runId, {
    status: 'completed',
    finalMetrics: { test: { accuracy: trainerTop1 } },
  })
}, 60_000)
afterAll(() => {
  inspector.close()
  cleanup()
})

describe('inspection through the inspector process', () => {
  it('summarises the run: checkpoint, classes and the layers with feature maps', async () => {
    const s = await handlers['inspect:summary']({ runId })
    expect(s.classNames).toHaveLength(4)
    expect(s.layers.map((l) => l.name)).toEqual(['conv', 'bn', 'relu', 'pool'])
    expect(s.layers[0]!.conv).toEqual({ filters: 4, kernel: 3, inChannels: 1 })
    expect(s.testCount).toBe(60)
  })

  it('evaluates once, then answers from the cache on disk; a cell lists its images', async () => {
    const progress: number[] = []
    const off = events.on('inspect:progress', (p) => progress.push(p.done))
    const first = await handlers['inspect:evaluation']({ runId, jobId: 'ev' })
    off()
    expect(first.cached).toBe(false)
    expect(first.count).toBe(60)
    expect(progress.at(-1)).toBe(60)
    const cacheDir = join(home, 'runs', String(runId), 'inspect')
    expect(existsSync(cacheDir)).toBe(true)
    const again = await handlers['inspect:evaluation']({ runId })
    expect(again).toMatchObject({
      cached: true,
      confusionMatrix: first.confusionMatrix,
      top1: first.top1,
    })
    expect(again.trainerTop1).toBe(trainerTop1)
    const m = first.confusionMatrix
    const [t, p] = [0, 1, 2, 3]
      .flatMap((i) => [0, 1, 2, 3].map((j) => [i, j] as const))
      .sort(([a, b], [c, d]) => m[c]![d]! - m[a]![b]!)[0]!
    const cell = await handlers['inspect:cell']({
      runId,
      trueClass: t,
      predictedClass: p,
      offset: 0,
      count: 48,
    })
    expect(cell.total).toBe(m[t]![p])
    for (const item of cell.items) {
      expect(item).toMatchObject({ label: t, predicted: p })
      expect(item.image).toMatch(/^data:image\/png;base64,/)
      // Each prediction agrees with a single-image predict of the same test image.
      const single = await handlers['inspect:predict']({
        runId,
        image: { kind: 'test', index: item.index },
      })
      expect(single.top[0]!.classIndex).toBe(p)
      expect(single.top[0]!.probability).toBeCloseTo(item.probability, 5)
      expect(single.label).toBe(t)
    }
  })

  it("draws the first layer's filters: one 3×3 grey kernel per filter", async () => {
    const f = await handlers['inspect:filters']({
      runId,
      layer: 'conv',
      maxFilters: 96,
      maxChannels: 16,
    })
    expect(f).toMatchObject({ filters: 4, inChannels: 1, kernel: [3, 3], colour: false })
    expect(f.items).toHaveLength(4)
    for (const item of f.items) {
      const meta = await sharp(Buffer.from(item.image.split(',')[1]!, 'base64')).metadata()
      expect([meta.width, meta.height]).toEqual([3, 3])
    }
    await expect(
      handlers['inspect:filters']({ runId, layer: 'relu', maxFilters: 96, maxChannels: 16 }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/only for conv2d/),
    })
  })

  it('finds the top-9 validation patches, caches them, and cancels a scan', async () => {
    const r: ResponseOf<'inspect:topPatches'> = await handlers['inspect:topPatches']({
      runId,
      layer: 'relu',
      filter: 2,
      samples: 2000,
      jobId: 'tp',
    })
    expect(r).toMatchObject({ scanned: 600, cancelled: false, receptiveField: 3, stride: 1 })
    expect(r.patches).toHaveLength(9)
    const acts = r.patches.map((p) => p.activation)
    expect(acts).toEqual([...acts].sort((a, b) => b - a))
    for (const p of r.patches) expect(p.box.bottom - p.box.top).toBeLessThanOrEqual(2)
    await expect(
      handlers['inspect:topPatches']({ runId, layer: 'conv', filter: 9, samples: 10 }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    expect(handlers['inspect:cancel']({ jobId: 'nothing' })).toEqual({ cancelled: false })
    // Cancel once the first batch is reported: the scan stops between batches with the best so far.
    let asked: ReturnType<(typeof handlers)['inspect:cancel']> | undefined
    const off = events.on('inspect:progress', (p) => {
      if (p.jobId === 'tp2' && asked === undefined)
        asked = handlers['inspect:cancel']({ jobId: 'tp2' })
    })
    const scanned = await handlers['inspect:topPatches']({
      runId,
      layer: 'pool',
      filter: 1,
      samples: 2000,
      jobId: 'tp2',
    })
    off()
    expect(asked).toEqual({ cancelled: true })
    expect(scanned.cancelled).toBe(true)
    expect(scanned.scanned).toBeGreaterThanOrEqual(128)
    expect(scanned.scanned).toBeLessThan(600)
    expect(scanned.patches).toHaveLength(9)
  })

  it('two evaluations of one run at once both answer, with the same figures', async () => {
    // Nothing cached: both compute, and both write the same cache entry.
    rmSync(join(home, 'runs', String(runId), 'inspect'), { recursive: true, force: true })
    const [a, b] = await Promise.all([
      handlers['inspect:evaluation']({ runId }),
      handlers['inspect:evaluation']({ runId }),
    ])
    expect(a.top1).toBe(b.top1)
    expect(a.confusionMatrix).toEqual(b.confusionMatrix)
  })

  it('a checkpoint removed by the next save while it loads: the request answers from the new one', async () => {
    // A live run keeps only its best and last checkpoints: the trainer saves a better one and
    // removes the one the request picked, between the pick and the inspector's load.
    const best = store.checkpoints.best(runId)!
    const picked = join(home, 'runs', String(runId), 'checkpoints', 'picked')
    cpSync(best.path, picked, { recursive: true })
    const row = { runId, epoch: best.epoch, valAccuracy: best.valAccuracy, isBest: true }
    const pickedRow = store.checkpoints.add({ ...row, step: best.step + 1, path: picked })
    const saved = join(home, 'runs', String(runId), 'checkpoints', 'saved-next')
    const racing: Inspector = {
      ...inspector,
      request(t, task, options) {
        if (t.checkpointDir === picked) {
          cpSync(picked, saved, { recursive: true })
          store.checkpoints.add({ ...row, step: best.step + 2, path: saved })
          rmSync(picked, { recursive: true })
          store.checkpoints.delete(pickedRow.id)
        }
        return inspector.request(t, task, options)
      },
    }
    const raced = inspectHandlers({ store, home, events, inspector: racing })
    const f = await raced['inspect:filters']({
      runId,
      layer: 'conv',
      maxFilters: 96,
      maxChannels: 16,
    })
    expect(f).toMatchObject({ filters: 4, kernel: [3, 3] })
    expect(existsSync(picked)).toBe(false)
    expect(store.checkpoints.best(runId)?.path).toBe(saved)
  })

  it('answers clear errors for an unknown run, a bad image and an unknown layer', async () => {
    await expect(handlers['inspect:evaluation']({ runId: 999 })).rejects.toMatchObject({
      code: 'RUN_NOT_FOUND',
    })
    await expect(
      handlers['inspect:predict']({
        runId,
        image: { kind: 'file', data: Buffer.from('nope').toString('base64') },
      }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/cannot read the image/),
    })
    await expect(
      handlers['inspect:featureMaps']({
        runId,
        layer: 'zzz',
        image: { kind: 'test', index: 0 },
        maxChannels: 8,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(
      handlers['inspect:predict']({ runId, image: { kind: 'test', index: 60 } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const noCheckpoint = store.runs.create({
      name: 'q',
      designName: 'tiny',
      graph: tinyDesign(),
      hyperparameters: {},
      datasetId: 'eights',
    })
    await expect(
      Promise.resolve().then(() => handlers['inspect:summary']({ runId: noCheckpoint.id })),
    ).rejects.toMatchObject({ code: 'RUN_STATE' })
  })
})
