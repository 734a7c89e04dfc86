import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chain, node } from '../../shared/graph/testing'
import { getTemplate } from '../../shared/templates'
import { ensureBuiltinDatasets } from '../datasets'
import { databaseFile } from '../home'
import { openStore, type Store } from '../store'
import { SHALLOW_DEPTH } from './deepStack'
import type { SupervisorEvent } from './events'
import { METRICS } from './events'
import { forkTrainer, type TrainerChannel } from './spawn'
import { Supervisor } from './supervisor'

// Real trainer processes, a real SQLite file and the real MNIST cache, trained on a few images.
let home: string
let store: Store
const channels: TrainerChannel[] = []
const spawnTrainer = () => {
  const channel = forkTrainer()
  channels.push(channel)
  return channel
}
const lenet = () => getTemplate('lenet5')!.build()

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'blockwise-engine-'))
  store = openStore(databaseFile(home))
  await ensureBuiltinDatasets(store, home)
}, 120_000)

afterAll(() => {
  for (const c of channels) c.kill()
  store.close()
  rmSync(home, { recursive: true, force: true })
})

describe('Supervisor', () => {
  it('trains LeNet-5 on 2,048 MNIST images for one epoch and records the run', async () => {
    const sup = new Supervisor({ store, home, spawnTrainer, progressIntervalMs: 50 })
    const events: SupervisorEvent[] = []
    sup.subscribe((e) => events.push(e))
    const run = sup.enqueue({
      design: lenet(),
      datasetId: 'mnist',
      hyperparameters: {
        epochs: 1,
        batchSize: 16,
        lr: 0.005,
        optimizer: 'adam',
        limit: 2048,
        valFraction: 0.05,
      },
    })
    const ended = await sup.waitFor(run.id)
    expect({ status: ended.status, error: ended.error }).toEqual({
      status: 'completed',
      error: null,
    })
    expect(ended.backend).toMatch(/wasm|cpu|tensorflow/)
    // The run records the trainer's backend line, and whether native kernels ran in front.
    if (ended.backend === 'wasm')
      expect(ended.backendDetail).toContain(
        ended.backendNative === null ? 'no native kernels' : 'native kernels (',
      )
    expect(ended.params).toBe(61_706)
    const loss = store.metrics.series(run.id, METRICS.batchLoss).points
    expect(loss).toHaveLength(128)
    const head = loss.slice(0, 16).reduce((a, p) => a + p.value, 0) / 16
    const tail = loss.slice(-16).reduce((a, p) => a + p.value, 0) / 16
    expect(tail).toBeLessThan(head * 0.85)
    expect(store.metrics.series(run.id, METRICS.valAccuracy).points).toHaveLength(1)
    const test = ended.finalMetrics?.test
    expect(test?.accuracy).toBeGreaterThan(0.5)
    expect(test?.top5).toBeGreaterThanOrEqual(test?.accuracy ?? 1)
    expect(ended.finalMetrics?.confusionMatrix?.flat().reduce((a, b) => a + b, 0)).toBe(10_000)
    expect(ended.bestValAccuracy).toBeGreaterThan(0.5)
    expect(store.checkpoints.list(run.id)).toHaveLength(1)
    expect(
      events.filter((e) => e.type === 'status').map((e) => e.type === 'status' && e.status),
    ).toEqual(['queued', 'running', 'completed'])
    const progress = events.filter((e) => e.type === 'progress')
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.length).toBeLessThan(128)
    // Throttled, yet every batch reaches the listeners once, in order, with the stored loss.
    const carried = progress.flatMap((e) => (e.type === 'progress' ? e.points : []))
    expect(carried.map((p) => p.step)).toEqual(loss.map((p) => p.step))
    expect(carried.map((p) => p.loss)).toEqual(loss.map((p) => p.value))
    expect(events.some((e) => e.type === 'epoch' && e.epoch === 1)).toBe(true)
  }, 180_000)

  it('marks a run whose trainer is killed as crashed, keeping its metrics', async () => {
    const sup = new Supervisor({ store, home, spawnTrainer, flushIntervalMs: 100 })
    let batches = 0
    const run = sup.enqueue({
      design: lenet(),
      datasetId: 'mnist',
      hyperparameters: { epochs: 1, batchSize: 32, limit: 20_000 },
    })
    let killedAt = 0
    sup.subscribe((e) => {
      if (e.type === 'progress' && e.runId === run.id && ++batches === 3) {
        process.kill(channels.at(-1)!.pid!, 'SIGKILL')
        killedAt = Date.now()
      }
    })
    const ended = await sup.waitFor(run.id)
    expect({ status: ended.status, killed: killedAt > 0 }).toEqual({
      status: 'crashed',
      killed: true,
    })
    expect(Date.now() - killedAt).toBeLessThan(2000)
    expect(ended.error).toMatch(/SIGKILL/)
    expect(store.metrics.series(run.id, METRICS.batchLoss).points.length).toBeGreaterThanOrEqual(3)
  }, 120_000)

  it('ends a run whose loss explodes as diverged at that step', async () => {
    const sup = new Supervisor({ store, home, spawnTrainer })
    // LeNet-5 without its tanh units (which saturate rather than blow up) and a huge rate
    const design = lenet()
    design.nodes = design.nodes.map((n) =>
      n.kind === 'activation' ? { ...n, params: { ...n.params, fn: 'linear' } } : n,
    )
    const run = sup.enqueue({
      design,
      datasetId: 'mnist',
      hyperparameters: {
        epochs: 1,
        batchSize: 32,
        lr: 10,
        optimizer: 'momentum',
        momentum: 0.99,
        limit: 4096,
      },
    })
    const ended = await sup.waitFor(run.id)
    expect(ended.status).toBe('diverged')
    expect(ended.error).toMatch(
      /loss (became (NaN|Infinity|-Infinity)|rose to \S+, over 1000× its early \S+, for 5 batches in a row) at epoch 1, step \d+/,
    )
    const step = Number(/step (\d+)/.exec(ended.error ?? '')?.[1])
    const points = store.metrics.series(run.id, METRICS.batchLoss).points
    expect(points.every((p) => Number.isFinite(p.value))).toBe(true)
    expect(points.at(-1)?.step ?? 0).toBe(step - 1)
  }, 120_000)

  it('stops a run gracefully and runs the queue one at a time', async () => {
    const sup = new Supervisor({ store, home, spawnTrainer })
    const hp = { epochs: 1, batchSize: 32, limit: 20_000 }
    const first = sup.enqueue({
      design: lenet(),
      datasetId: 'mnist',
      hyperparameters: hp,
      name: 'first',
    })
    const second = sup.enqueue({
      design: lenet(),
      datasetId: 'mnist',
      hyperparameters: hp,
      name: 'second',
    })
    const third = sup.enqueue({
      design: lenet(),
      datasetId: 'mnist',
      hyperparameters: { ...hp, limit: 64 },
      name: 'third',
    })
    expect(store.runs.get(second.id)?.status).toBe('queued')
    sup.reorder([third.id, second.id])
    expect(sup.queue().map((r) => r.name)).toEqual(['third', 'second'])
    expect(sup.cancel(second.id).status).toBe('stopped')
    await new Promise<void>((resolve) =>
      sup.subscribe((e) => e.type === 'progress' && e.runId === first.id && resolve()),
    )
    expect(sup.activeRunId).toBe(first.id)
    const stopped = await sup.stop(first.id)
    expect(stopped.status).toBe('stopped')
    expect(store.metrics.series(first.id, METRICS.batchLoss).points.length).toBeGreaterThan(0)
    const t = await sup.waitFor(third.id)
    expect(t.status).toBe('completed')
    expect(store.runs.get(second.id)?.status).toBe('stopped')
  }, 180_000)

  it('trains a design too deep for a default stack on a deep-stack thread, and stops it there', async () => {
    const sup = new Supervisor({ store, home, spawnTrainer })
    // 6,000 layers in a row overflow a default stack in tfjs-layers (about 3,000 fit).
    const relus = Array.from({ length: 3 * SHALLOW_DEPTH }, (_, i) =>
      node(`r${i}`, 'activation', { fn: 'relu' }),
    )
    const deep = chain([
      node('in', 'input', { height: 28, width: 28, channels: 1 }),
      node('conv', 'conv2d', { filters: 2, kernel: 3, stride: 2 }),
      ...relus,
      node('flat', 'flatten'),
      node('out', 'output', { classes: 10 }),
    ])
    const run = sup.enqueue({
      design: deep,
      datasetId: 'mnist',
      hyperparameters: { epochs: 1, batchSize: 16, limit: 20_000 },
    })
    // The first batch, or the run's end if it never gets there (a stack overflow fails it).
    const ended = sup.waitFor(run.id)
    const first = await Promise.race([
      new Promise<null>((resolve) =>
        sup.subscribe((e) => e.type === 'progress' && e.runId === run.id && resolve(null)),
      ),
      ended,
    ])
    expect(first === null ? null : (store.runs.get(run.id)?.error ?? first.status)).toBeNull()
    expect((await sup.stop(run.id)).status).toBe('stopped')
    expect(store.runs.get(run.id)?.error ?? null).toBeNull()
    expect(store.metrics.series(run.id, METRICS.batchLoss).points.length).toBeGreaterThan(0)
  }, 180_000)

  it('kills a trainer that does not stop in time, and the run ends stopped', async () => {
    const stubborn = join(home, 'stubborn.mjs')
    writeFileSync(stubborn, 'process.on("message", () => {}); setInterval(() => {}, 1000)\n')
    const sup = new Supervisor({
      store,
      home,
      spawnTrainer: () => forkTrainer({ file: stubborn, execArgv: [] }),
      stopTimeoutMs: 300,
    })
    const run = sup.enqueue({ design: lenet(), datasetId: 'mnist' })
    const started = Date.now()
    expect(await sup.stop(run.id)).toEqual({ runId: run.id, status: 'stopped' })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(store.runs.get(run.id)?.error).toMatch(/did not stop in time/)
  })

  it('fails a run whose trainer cannot be spawned and moves on to the next', async () => {
    const sup = new Supervisor({
      store,
      home,
      spawnTrainer: () => {
        throw new Error('no such file')
      },
    })
    const events: SupervisorEvent[] = []
    sup.subscribe((e) => events.push(e))
    const a = sup.enqueue({ design: lenet(), datasetId: 'mnist' })
    const b = sup.enqueue({ design: lenet(), datasetId: 'mnist' })
    for (const id of [a.id, b.id]) {
      expect(await sup.waitFor(id)).toMatchObject({
        status: 'failed',
        error: 'Cannot start the trainer: no such file',
      })
    }
    expect(events.filter((e) => e.type === 'status' && e.status === 'failed')).toHaveLength(2)
  })

  it('leaves runs queued by someone else alone when it does not own the queue', () => {
    const owner = new Supervisor({ store, home, spawnTrainer, ownsQueue: false })
    const other = store.runs.create({
      name: 'app run',
      designName: 'x',
      graph: lenet(),
      hyperparameters: {},
      datasetId: 'mnist',
    })
    expect(owner.queue().map((r) => r.id)).not.toContain(other.id)
    expect(owner.activeRunId).toBeNull()
    store.runs.finish(other.id, { status: 'stopped' })
  })

  it('turns runs left running by a dead process into crashed on start-up', () => {
    const run = store.runs.create({
      name: 'orphan',
      designName: 'x',
      graph: lenet(),
      hyperparameters: {},
      datasetId: 'mnist',
      status: 'running',
    })
    new Supervisor({ store, home, spawnTrainer })
    expect(store.runs.get(run.id)?.status).toBe('crashed')
  })

  it('refuses a bad request with a message and records nothing', () => {
    const sup = new Supervisor({ store, home, spawnTrainer })
    const count = store.runs.list().total
    expect(() => sup.enqueue({ design: lenet(), datasetId: 'nope' })).toThrow(/No dataset 'nope'/)
    expect(() =>
      sup.enqueue({ design: lenet(), datasetId: 'mnist', hyperparameters: { lr: -1 } }),
    ).toThrow(/lr/)
    expect(() =>
      sup.enqueue({ design: getTemplate('cifar-resnet20')!.build(), datasetId: 'mnist' }),
    ).toThrow(/takes 32×32×3 images; MNIST's are 28×28×1/)
    const broken = lenet()
    broken.edges = []
    expect(() => sup.enqueue({ design: broken, datasetId: 'mnist' })).toThrow(/cannot be trained/)
    // A layer no tensor can hold, and a batch beyond wasm's heap when wasm is pinned.
    const conv = (id: string, filters: number, kernel: number, y: number) => ({
      id,
      kind: 'conv2d' as const,
      params: { filters, kernel },
      position: { x: 0, y },
    })
    const giant = lenet()
    giant.nodes = [
      giant.nodes.find((n) => n.kind === 'input')!,
      conv('n1', 8192, 1, 1),
      conv('n2', 8192, 11, 2),
      { id: 'gap', kind: 'globalAvgPool', params: {}, position: { x: 0, y: 3 } },
      giant.nodes.find((n) => n.kind === 'output')!,
    ]
    giant.edges = giant.nodes
      .slice(1)
      .map((n, i) => ({ id: `g${i}`, source: giant.nodes[i]!.id, target: n.id }))
    expect(() => sup.enqueue({ design: giant, datasetId: 'mnist' })).toThrow(
      /n2: its weights need 8\.12 billion values \(32\.5 GB\)/,
    )
    const heavy = {
      ...giant,
      nodes: [giant.nodes[0]!, conv('n1', 4096, 3, 1), ...giant.nodes.slice(3)],
    }
    heavy.edges = heavy.nodes
      .slice(1)
      .map((n, i) => ({ id: `h${i}`, source: heavy.nodes[i]!.id, target: n.id }))
    const big = { design: heavy, datasetId: 'mnist', hyperparameters: { batchSize: 512 } }
    expect(() => sup.enqueue({ ...big, backend: 'wasm' })).toThrow(
      /the WebAssembly backend holds at most 4\.29 GB/,
    )
    // More outputs than classes is refused too, as the train form refuses it.
    const wide = lenet()
    wide.nodes = wide.nodes.map((n) =>
      n.kind === 'output' ? { ...n, params: { classes: 12 } } : n,
    )
    expect(() => sup.enqueue({ design: wide, datasetId: 'mnist' })).toThrow(
      /predicts 12 classes; MNIST has 10/,
    )
    expect(store.runs.list().total).toBe(count)
  })
})
