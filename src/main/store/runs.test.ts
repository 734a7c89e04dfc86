import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Store } from '.'
import { fakeDataset, newRun, tempStore } from './testing/tempStore'

let store: Store
let cleanup: () => void
beforeEach(() => ({ store, cleanup } = tempStore()))
afterEach(() => cleanup())

describe('runs', () => {
  it('moves a run through queued → running → completed with its final metrics', () => {
    const run = store.runs.create(
      newRun({ name: 'lenet on mnist', tags: ['baseline'], params: 61706, macs: 416520 }),
    )
    expect(run).toMatchObject({
      status: 'queued',
      queuePosition: 1,
      startedAt: null,
      tags: ['baseline'],
    })
    expect(run.graph).toEqual({ version: 1, name: 'tiny', nodes: [], edges: [] })
    const second = store.runs.create(newRun())
    expect(second.queuePosition).toBe(2)
    expect(store.runs.queued().map((r) => r.id)).toEqual([run.id, second.id])

    const running = store.runs.markRunning(run.id, {
      backend: 'wasm',
      backendVersion: '4.22.0',
      backendNative: 'avx2, 4 threads',
      backendDetail: 'tfjs-backend-wasm 4.22.0: SIMD, 1 thread',
    })
    expect(running).toMatchObject({
      status: 'running',
      backend: 'wasm',
      backendNative: 'avx2, 4 threads',
      backendDetail: 'tfjs-backend-wasm 4.22.0: SIMD, 1 thread',
      queuePosition: null,
    })
    expect(store.runs.list({}).runs.find((r) => r.id === run.id)?.backendNative).toBe(
      'avx2, 4 threads',
    )
    expect(running.startedAt).toBeGreaterThan(0)

    const done = store.runs.finish(run.id, {
      status: 'completed',
      finalMetrics: {
        train: { loss: 0.1, accuracy: 0.97 },
        test: { loss: NaN, accuracy: 0.98 },
        val: { loss: Infinity },
        confusionMatrix: [
          [5, 1],
          [0, 6],
        ],
      },
    })
    expect(done.status).toBe('completed')
    expect(done.endedAt).toBeGreaterThanOrEqual(done.startedAt!)
    expect(done.finalMetrics?.test?.loss).toBeNaN()
    expect(done.finalMetrics?.val?.loss).toBe(Infinity)
    expect(done.finalMetrics?.confusionMatrix).toEqual([
      [5, 1],
      [0, 6],
    ])
    const listed = store.runs.list().runs.find((r) => r.id === run.id)!
    expect(listed.finalMetrics).toEqual({
      train: { loss: 0.1, accuracy: 0.97 },
      test: { loss: NaN, accuracy: 0.98 },
      val: { loss: Infinity },
    })
    expect(() => store.runs.finish(run.id, { status: 'failed' })).toThrow(
      /is completed, not queued or running/,
    )
    expect(() => store.runs.markRunning(run.id, { backend: 'cpu', backendVersion: '1' })).toThrow(
      /conflict|not queued/,
    )
  })

  it('marks runs left running by a dead process as crashed on startup', () => {
    const a = store.runs.create(newRun({ status: 'running' }))
    const b = store.runs.create(newRun())
    const c = store.runs.create(newRun({ status: 'running' }))
    store.runs.finish(c.id, { status: 'stopped' })
    expect(store.runs.markCrashedOnStartup()).toEqual([a.id])
    expect(store.runs.get(a.id)).toMatchObject({
      status: 'crashed',
      error: expect.stringMatching(/stopped while/),
    })
    expect(store.runs.get(b.id)?.status).toBe('queued')
    expect(store.runs.get(c.id)?.status).toBe('stopped')
    expect(store.runs.markCrashedOnStartup()).toEqual([])
  })

  it('lists runs filtered by status, dataset, tag and text, sorted by any column, in pages', () => {
    store.datasets.insert(fakeDataset('mnist', { name: 'MNIST' }))
    store.datasets.insert(fakeDataset('cifar', { name: 'CIFAR-10' }))
    for (let i = 0; i < 25; i++) {
      const r = store.runs.create(
        newRun({
          name: `run ${String(i).padStart(2, '0')}${i === 7 ? ' 100%_done' : ''}`,
          datasetId: i % 2 === 0 ? 'mnist' : 'cifar',
          tags: i % 5 === 0 ? ['sweep', 'five'] : ['sweep'],
          status: 'running',
        }),
      )
      store.runs.update(r.id, { bestValAccuracy: i === 3 ? null : i / 100 })
      if (i % 3 === 0)
        store.runs.finish(r.id, {
          status: 'completed',
          finalMetrics: { test: { accuracy: 1 - i / 100 } },
        })
    }
    const all = store.runs.list({ limit: 10 })
    expect(all.total).toBe(25)
    expect(all.runs).toHaveLength(10)
    expect(all.runs[0]!.name).toBe('run 24') // newest first
    expect(all.runs[0]).not.toHaveProperty('graph')

    expect(store.runs.list({ status: 'completed' }).total).toBe(9)
    expect(store.runs.list({ status: ['completed', 'running'] }).total).toBe(25)
    expect(store.runs.list({ datasetId: 'mnist' }).total).toBe(13)
    expect(store.runs.list({ datasetId: 'mnist' }).runs[0]!.datasetName).toBe('MNIST')
    expect(
      store.runs
        .list({ tag: 'five' })
        .runs.map((r) => r.name)
        .sort(),
    ).toEqual(['run 00', 'run 05', 'run 10', 'run 15', 'run 20'])
    expect(store.runs.list({ search: '100%_' }).runs.map((r) => r.name)).toEqual([
      'run 07 100%_done',
    ])
    expect(store.runs.list({ search: '%' }).total).toBe(1) // LIKE wildcards are literal

    const byAcc = store.runs.list({ sort: 'bestValAccuracy', order: 'desc', limit: 3 }).runs
    expect(byAcc.map((r) => r.bestValAccuracy)).toEqual([0.24, 0.23, 0.22])
    const asc = store.runs.list({ sort: 'bestValAccuracy', order: 'asc', limit: 100 }).runs
    expect(asc.at(-1)!.bestValAccuracy).toBeNull() // NULLs last either way
    const byTest = store.runs.list({ sort: 'testAccuracy', order: 'desc', limit: 2 }).runs
    expect(byTest.map((r) => r.name)).toEqual(['run 00', 'run 03'])
    const page3 = store.runs.list({ sort: 'name', order: 'asc', limit: 10, offset: 20 })
    expect(page3.runs.map((r) => r.name)).toEqual([
      'run 20',
      'run 21',
      'run 22',
      'run 23',
      'run 24',
    ])
    expect(() => store.runs.list({ sort: 'graph; DROP TABLE runs' as 'name' })).toThrow()
  })

  it('edits tags, notes and name; deleting a run removes its metrics and checkpoints', () => {
    const run = store.runs.create(newRun())
    store.metrics.append(run.id, [{ name: 'loss', step: 0, epoch: 0, value: 1, time: 0 }])
    store.checkpoints.add({ runId: run.id, epoch: 0, step: 0, path: 'runs/1/ckpt', isBest: true })
    store.exports.add({ runId: run.id, format: 'onnx', path: '/tmp/m.onnx', bytes: 10 })
    expect(
      store.runs.update(run.id, { notes: 'lr too high', tags: ['a'], name: 'renamed' }),
    ).toMatchObject({
      notes: 'lr too high',
      tags: ['a'],
      name: 'renamed',
    })
    expect(() => store.runs.update(999, { notes: 'x' })).toThrow(/No run with id 999/)
    expect(store.runs.delete(run.id)).toBe(true)
    expect(store.metrics.count(run.id)).toBe(0)
    expect(store.checkpoints.list(run.id)).toEqual([])
    expect(store.exports.list(run.id)).toEqual([])
  })

  it('keeps a run when its dataset is deleted (dataset becomes null)', () => {
    store.datasets.insert(fakeDataset('gone'))
    const run = store.runs.create(newRun({ datasetId: 'gone' }))
    store.datasets.delete('gone')
    expect(store.runs.get(run.id)?.datasetId).toBeNull()
  })

  it('refuses a run on a dataset that does not exist', () => {
    expect(() => store.runs.create(newRun({ datasetId: 'nope' }))).toThrow(/FOREIGN KEY/)
  })
})

describe('designs, checkpoints', () => {
  it('saves designs by name, replacing on the same name', () => {
    const a = store.designs.save('mine', { version: 1, name: 'mine', nodes: [], edges: [] })
    const b = store.designs.save('mine', { version: 1, name: 'mine v2', nodes: [], edges: [] })
    expect(b.id).toBe(a.id)
    expect(store.designs.get('mine')?.graph.name).toBe('mine v2')
    expect(store.designs.list()).toHaveLength(1)
    expect(store.designs.rename(a.id, 'other').name).toBe('other')
    expect(store.designs.delete(a.id)).toBe(true)
  })

  it('keeps one best checkpoint per run', () => {
    const run = store.runs.create(newRun())
    store.checkpoints.add({
      runId: run.id,
      epoch: 0,
      step: 10,
      path: 'a',
      valAccuracy: 0.5,
      isBest: true,
    })
    store.checkpoints.add({
      runId: run.id,
      epoch: 1,
      step: 20,
      path: 'b',
      valAccuracy: 0.7,
      isBest: true,
    })
    store.checkpoints.add({ runId: run.id, epoch: 2, step: 30, path: 'c', valAccuracy: 0.6 })
    expect(store.checkpoints.best(run.id)?.path).toBe('b')
    expect(store.checkpoints.list(run.id).filter((c) => c.isBest)).toHaveLength(1)
  })
})
