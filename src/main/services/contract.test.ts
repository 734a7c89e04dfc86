/**
 * The contract suite: every command through both transports (IPC stand-in and the real
 * HTTP/WebSocket server), with the renderer's own client. Responses are validated against the
 * contract on the way out (`validateResponses`), so a happy path also checks the shape.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeIdxFolder } from '../datasets/testing/fixtures'
import { ApiError, commandNames, type CommandName } from '../../shared/api'
import type { Design } from '../../shared/graph/types'
import { harness, type Harness, type TransportName } from './testing/transports'

const tiny: Design = {
  version: 1,
  name: 'tiny',
  nodes: [
    {
      id: 'in',
      kind: 'input',
      params: { height: 28, width: 28, channels: 1 },
      position: { x: 0, y: 0 },
    },
    { id: 'f', kind: 'flatten', params: {}, position: { x: 0, y: 100 } },
    { id: 'out', kind: 'output', params: { classes: 10 }, position: { x: 0, y: 200 } },
  ],
  edges: [
    { id: 'e1', source: 'in', target: 'f' },
    { id: 'e2', source: 'f', target: 'out' },
  ],
}

/** A small MNIST classifier that trains in seconds on the cpu backend. */
function mnistNet(): Design {
  return {
    version: 1,
    name: 'mnist-mlp',
    nodes: [
      {
        id: 'in',
        kind: 'input',
        params: { height: 28, width: 28, channels: 1 },
        position: { x: 0, y: 0 },
      },
      { id: 'f', kind: 'flatten', params: {}, position: { x: 0, y: 100 } },
      { id: 'd', kind: 'dense', params: { units: 32 }, position: { x: 0, y: 200 } },
      { id: 'a', kind: 'activation', params: { fn: 'relu' }, position: { x: 0, y: 300 } },
      { id: 'out', kind: 'output', params: { classes: 10 }, position: { x: 0, y: 400 } },
    ],
    edges: [
      { id: 'e1', source: 'in', target: 'f' },
      { id: 'e2', source: 'f', target: 'd' },
      { id: 'e3', source: 'd', target: 'a' },
      { id: 'e4', source: 'a', target: 'out' },
    ],
  }
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError)
    return error as ApiError
  }
  throw new Error('expected the command to fail')
}

describe.each<TransportName>(['ipc', 'http'])('contract over %s', (transport) => {
  describe('commands', () => {
    let h: Harness
    beforeEach(async () => {
      h = await harness(transport)
    })
    afterEach(async () => {
      await h.close()
    })

    it('system:info says where the data lives and which transport answers', async () => {
      const info = await h.client.system.info()
      expect(info.dataDir).toBe(h.home)
      expect(info.transport).toBe(transport)
      expect(info.version).toMatch(/^\d+\.\d+\.\d+/)
      expect(info.storeProblem).toBeNull()
      expect(info.nativeDialogs).toBe(false)
    })

    it('designs: save, list, get, rename, overwrite, delete', async () => {
      const { id } = await h.client.designs.save({ name: 'First', design: tiny })
      expect((await h.client.designs.list()).map((d) => d.name)).toEqual(['First'])
      const got = await h.client.designs.get({ id })
      expect(got.design).toEqual(tiny)
      await h.client.designs.rename({ id, name: 'Renamed' })
      const changed = { ...tiny, name: 'changed' }
      const saved = await h.client.designs.save({ id, name: 'Renamed', design: changed })
      expect(saved.id).toBe(id)
      expect((await h.client.designs.get({ id })).design.name).toBe('changed')
      await h.client.designs.delete({ id })
      expect(await h.client.designs.list()).toEqual([])
    })

    it('designs: a taken name is a CONFLICT and nothing is overwritten', async () => {
      await h.client.designs.save({ name: 'Taken', design: tiny })
      const error = await rejection(
        h.client.designs.save({ name: 'Taken', design: { ...tiny, name: 'other' } }),
      )
      expect(error.code).toBe('CONFLICT')
      const [only] = await h.client.designs.list()
      expect((await h.client.designs.get({ id: only!.id })).design.name).toBe('tiny')
    })

    it('designs: a missing id is NOT_FOUND', async () => {
      expect((await rejection(h.client.designs.get({ id: 999 }))).code).toBe('NOT_FOUND')
      expect((await rejection(h.client.designs.delete({ id: 999 }))).code).toBe('NOT_FOUND')
      expect((await rejection(h.client.designs.rename({ id: 999, name: 'x' }))).code).toBe(
        'NOT_FOUND',
      )
    })

    it('designs:save rejects a design without nodes as BAD_REQUEST', async () => {
      const error = await rejection(
        h.client.designs.save({
          name: 'x',
          design: { version: 1, name: 'x', edges: [] } as unknown as Design,
        }),
      )
      expect(error.code).toBe('BAD_REQUEST')
      expect(error.message).toContain('design.nodes')
    })

    it('templates: list with totals from the graph core, get builds the design', async () => {
      const list = await h.client.templates.list()
      const lenet = list.find((t) => t.id === 'lenet5')
      expect(lenet?.params).toBeGreaterThan(50_000)
      expect(lenet?.outputShape).toEqual([10])
      const { design } = await h.client.templates.get({ id: 'lenet5' })
      expect(design.nodes.length).toBeGreaterThan(3)
      expect((await rejection(h.client.templates.get({ id: 'nope' }))).code).toBe('NOT_FOUND')
    })

    it('datasets: built-in MNIST is listed, described and previewed', async () => {
      const list = await h.client.datasets.list()
      const mnist = list.find((d) => d.id === 'mnist')
      expect(mnist).toMatchObject({
        builtin: true,
        shape: [28, 28, 1],
        counts: { train: 60_000, test: 10_000 },
      })
      const detail = await h.client.datasets.get({ id: 'mnist' })
      expect(detail.classCounts.reduce((a, b) => a + b, 0)).toBe(70_000)
      const preview = await h.client.datasets.preview({ id: 'mnist', perClass: 1 })
      expect(preview.samples).toHaveLength(10)
      expect(preview.samples[0]?.image).toMatch(/^data:image\/png;base64,/)
      const page = await h.client.datasets.samples({
        id: 'mnist',
        split: 'test',
        label: 3,
        count: 2,
      })
      expect(page.samples.map((x) => x.label)).toEqual([3, 3])
      expect(page.total).toBeGreaterThan(900)
      expect((await rejection(h.client.datasets.get({ id: 'nope' }))).code).toBe(
        'DATASET_NOT_FOUND',
      )
      expect((await rejection(h.client.datasets.delete({ id: 'mnist' }))).code).toBe('BAD_REQUEST')
    })

    it('datasets: import reports progress, then delete removes it', async () => {
      const source = mkdtempSync(join(tmpdir(), 'blockwise-idx-'))
      try {
        writeIdxFolder(source, { train: 60, test: 12, classes: 3 })
        const phases: string[] = []
        const off = h.client.datasets.onImportProgress((p) => {
          if (p.importId === 'imp-1') phases.push(p.phase)
        })
        const imported = await h.client.datasets.import({
          path: source,
          name: 'Tiny IDX',
          importId: 'imp-1',
        })
        off()
        expect(imported).toMatchObject({
          name: 'Tiny IDX',
          counts: { train: 60, test: 12 },
          classes: ['0', '1', '2'],
        })
        expect(phases).toContain('writing')
        expect((await h.client.datasets.list()).map((d) => d.name)).toContain('Tiny IDX')
        const again = await rejection(h.client.datasets.import({ path: source, name: 'Tiny IDX' }))
        expect(again.code).toBe('CONFLICT')
        const duplicate = await rejection(h.client.datasets.import({ path: source }))
        expect(duplicate.code).toBe('DATASET_DUPLICATE')
        expect(duplicate.message).toMatch(
          /^This data is already in Blockwise as “Tiny IDX” \(imported /,
        )
        expect(duplicate.details).toEqual({
          existingDataset: { id: imported.id, name: 'Tiny IDX' },
        })
        const anyway = await h.client.datasets.import({ path: source, allowDuplicate: true })
        expect(anyway.counts).toEqual(imported.counts)
        await h.client.datasets.delete({ id: anyway.id })
        await h.client.datasets.delete({ id: imported.id })
        expect((await h.client.datasets.list()).map((d) => d.name)).not.toContain('Tiny IDX')
      } finally {
        rmSync(source, { recursive: true, force: true })
      }
    })

    it('datasets: a bad path fails with a clear code; cancelling an unknown import is a no-op', async () => {
      const missing = await rejection(
        h.client.datasets.import({ path: join(tmpdir(), 'no-such-blockwise-dir') }),
      )
      expect(missing.code).toBe('DATASET_NOT_FOUND')
      expect(await h.client.datasets.cancelImport({ importId: 'nothing' })).toEqual({
        cancelled: false,
      })
    })

    it('runs: start trains in a real trainer process; status and epoch events arrive', async () => {
      const statuses: string[] = []
      const epochs: number[] = []
      const offStatus = h.client.runs.onStatus((e) => statuses.push(e.status))
      const offEpoch = h.client.runs.onEpoch((e) => epochs.push(e.epoch))
      const ended = new Promise<void>((done) => {
        const off = h.client.runs.onStatus((e) => {
          if (e.status !== 'queued' && e.status !== 'running') {
            off()
            done()
          }
        })
      })
      const design = mnistNet()
      const { id: designId } = await h.client.designs.save({ name: 'Saved net', design })
      const started = await h.client.runs.start({
        design,
        designId,
        datasetId: 'mnist',
        hyperparameters: { epochs: 1, batchSize: 64, limit: 256, valFraction: 0.1 },
        backend: 'cpu',
      })
      expect(started.status).toMatch(/queued|running/)
      await ended
      offStatus()
      offEpoch()
      const run = await h.client.runs.get({ runId: started.runId })
      expect(run.error).toBeNull()
      expect(run.status).toBe('completed')
      expect(run.designName).toBe('Saved net')
      expect(run.backend).toBe('cpu')
      expect(run.checkpoint).toMatchObject({ epoch: 1 })
      expect(statuses).toEqual(['queued', 'running', 'completed'])
      expect(epochs).toEqual([1])
      const { series } = await h.client.runs.metrics({
        runId: started.runId,
        names: ['epoch/val_accuracy'],
      })
      expect(series[0]?.points).toHaveLength(1)
      const progress: string[] = []
      const offExport = h.client.exports.onProgress((e) => progress.push(e.message))
      const onnx = await h.client.exports.run({ runId: started.runId, format: 'onnx' })
      offExport()
      expect(onnx.path).toMatch(/\.onnx$/)
      expect(onnx.path.startsWith(join(h.home, 'exports', String(started.runId), 'onnx'))).toBe(
        true,
      )
      const listed = await h.client.exports.list({ runId: started.runId })
      expect(listed.map((e) => [e.id, e.format, e.path])).toEqual([
        [onnx.exportId, 'onnx', onnx.path],
      ])
      expect(onnx.bytes).toBeGreaterThan(4 * 784 * 32)
      expect(progress.some((m) => m.includes('checkpoint'))).toBe(true)
    })

    it('runs: queue, reorder, cancel and stop', async () => {
      const request = {
        design: mnistNet(),
        datasetId: 'mnist',
        hyperparameters: { epochs: 50, batchSize: 32, limit: 2048 },
        backend: 'cpu' as const,
      }
      const first = await h.client.runs.start(request)
      const second = await h.client.runs.start(request)
      const third = await h.client.runs.start(request)
      expect((await h.client.runs.queue()).map((r) => r.id)).toEqual([second.runId, third.runId])
      const reordered = await h.client.runs.reorder({ runIds: [third.runId, second.runId] })
      expect(reordered.map((r) => r.id)).toEqual([third.runId, second.runId])
      expect(await h.client.runs.cancel({ runId: second.runId })).toEqual({
        runId: second.runId,
        status: 'stopped',
      })
      expect((await rejection(h.client.runs.cancel({ runId: second.runId }))).code).toBe(
        'RUN_STATE',
      )
      expect((await rejection(h.client.runs.delete({ runId: third.runId }))).code).toBe('RUN_STATE')
      expect((await h.client.runs.stop({ runId: third.runId })).status).toBe('stopped')
      expect((await h.client.runs.stop({ runId: first.runId })).status).toBe('stopped')
      expect(await h.client.runs.queue()).toEqual([])
    })

    it('runs:start refuses an invalid design, unknown dataset and bad settings with their codes', async () => {
      const broken = { ...mnistNet(), edges: [] }
      const base = { datasetId: 'mnist', hyperparameters: { epochs: 1 } }
      expect((await rejection(h.client.runs.start({ ...base, design: broken }))).code).toBe(
        'INVALID_DESIGN',
      )
      expect(
        (await rejection(h.client.runs.start({ ...base, design: mnistNet(), datasetId: 'nope' })))
          .code,
      ).toBe('DATASET_NOT_FOUND')
      const bad = await rejection(
        h.client.runs.start({ ...base, design: mnistNet(), hyperparameters: { epochs: -1 } }),
      )
      expect(bad.code).toBe('BAD_REQUEST')
      expect(bad.message).toContain('hyperparameters.epochs')
    })

    it('runs:forecast measures a few real steps and scales them to an epoch; nothing is recorded', async () => {
      const f = await h.client.runs.forecast({
        design: mnistNet(),
        datasetId: 'mnist',
        hyperparameters: { batchSize: 64, limit: 256 },
      })
      expect(f.stepsPerEpoch).toBe(4)
      expect(f.steps).toBe(3)
      expect(f.backend).toMatch(/^(wasm|cpu|tensorflow)/)
      expect(f.msPerEpoch).toBeCloseTo(f.msPerStep * 4, 6)
      expect(f.imagesPerSec).toBeGreaterThan(0)
      expect((await h.client.runs.list({})).total).toBe(0)
      const broken = { ...mnistNet(), edges: [] }
      const base = { datasetId: 'mnist', hyperparameters: { batchSize: 64 } }
      expect((await rejection(h.client.runs.forecast({ ...base, design: broken }))).code).toBe(
        'INVALID_DESIGN',
      )
      const cifar = {
        ...mnistNet(),
        nodes: mnistNet().nodes.map((n) =>
          n.id === 'in' ? { ...n, params: { height: 32, width: 32, channels: 3 } } : n,
        ),
      }
      expect((await rejection(h.client.runs.forecast({ ...base, design: cifar }))).code).toBe(
        'INVALID_DESIGN',
      )
      expect(
        (
          await rejection(
            h.client.runs.forecast({ ...base, design: mnistNet(), datasetId: 'nope' }),
          )
        ).code,
      ).toBe('DATASET_NOT_FOUND')
    }, 120_000)

    it('runs: list, get, metrics, update and delete a stored run', async () => {
      const created = h.services.store.runs.create({
        name: 'r1',
        designName: 'tiny',
        graph: tiny,
        hyperparameters: { epochs: 1 },
        datasetId: null,
        status: 'running',
      })
      h.services.store.metrics.append(created.id, [
        { name: 'loss', step: 1, epoch: 1, value: 2.3, time: 1 },
        { name: 'loss', step: 2, epoch: 1, value: Number.NaN, time: 2 },
      ])
      h.services.store.runs.finish(created.id, {
        status: 'completed',
        finalMetrics: { test: { accuracy: 0.9, loss: Infinity } },
      })

      const page = await h.client.runs.list()
      expect(page.total).toBe(1)
      expect(page.runs[0]?.finalMetrics?.test).toEqual({ accuracy: 0.9, loss: null })
      const run = await h.client.runs.get({ runId: created.id })
      expect(run.graph).toEqual(tiny)
      // No checkpoint yet: the Export panel offers the design alone.
      expect(run.checkpoint).toBeNull()
      h.services.store.checkpoints.add({
        runId: created.id,
        epoch: 3,
        step: 30,
        path: 'runs/x/checkpoints/epoch-0003',
        valAccuracy: Number.NaN,
        isBest: true,
      })
      expect((await h.client.runs.get({ runId: created.id })).checkpoint).toEqual({
        epoch: 3,
        valAccuracy: null,
      })
      const { series } = await h.client.runs.metrics({ runId: created.id })
      expect(series).toEqual([
        expect.objectContaining({
          name: 'loss',
          points: [
            expect.objectContaining({ value: 2.3 }),
            expect.objectContaining({ value: null }),
          ],
        }),
      ])
      const updated = await h.client.runs.update({
        runId: created.id,
        tags: ['baseline', 'baseline'],
        notes: 'first try',
      })
      expect(updated.tags).toEqual(['baseline'])
      expect(updated.notes).toBe('first try')
      await h.client.runs.delete({ runId: created.id })
      expect((await rejection(h.client.runs.get({ runId: created.id }))).code).toBe('RUN_NOT_FOUND')
    })

    it('runs: an unknown run is RUN_NOT_FOUND', async () => {
      for (const call of [
        h.client.runs.get({ runId: 42 }),
        h.client.runs.metrics({ runId: 42 }),
        h.client.runs.update({ runId: 42, notes: 'x' }),
        h.client.runs.delete({ runId: 42 }),
        h.client.runs.stop({ runId: 42 }),
      ]) {
        expect((await rejection(call)).code).toBe('RUN_NOT_FOUND')
      }
    })

    it('exports: a design, a run as a design file, the list; a run without checkpoint is RUN_STATE', async () => {
      const design = await h.client.exports.design({ design: mnistNet() })
      expect(design.files.some((f) => f.endsWith('.blockwise.json'))).toBe(true)
      expect(design.files.every((f) => f.startsWith(h.home))).toBe(true)
      const run = h.services.store.runs.create({
        name: 'untrained',
        designName: 'mnist-mlp',
        graph: mnistNet(),
        hyperparameters: {},
        datasetId: null,
      })
      h.services.store.runs.finish(run.id, { status: 'stopped' })
      const out = join(h.home, 'my-exports')
      const exported = await h.client.exports.run({ runId: run.id, format: 'design', outDir: out })
      expect(exported.path.startsWith(out)).toBe(true)
      expect((await h.client.exports.list({ runId: run.id })).map((e) => e.id)).toEqual([
        exported.exportId,
      ])
      const relative = await rejection(
        h.client.exports.run({ runId: run.id, format: 'design', outDir: 'rel/dir' }),
      )
      expect(relative).toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('absolute'),
      })
      const aFile = join(h.home, 'a-file')
      writeFileSync(aFile, 'x')
      const unwritable = await rejection(
        h.client.exports.run({ runId: run.id, format: 'design', outDir: aFile }),
      )
      expect(unwritable).toMatchObject({
        code: 'EXPORT_FAILED',
        message: expect.stringContaining(aFile),
      })
      expect(await h.client.exports.list({ runId: run.id })).toHaveLength(1)
      const untrained = await rejection(h.client.exports.run({ runId: run.id, format: 'onnx' }))
      expect(untrained.code).toBe('RUN_STATE')
      expect(untrained.message).toContain('checkpoint')
      expect((await rejection(h.client.exports.run({ runId: 999, format: 'onnx' }))).code).toBe(
        'RUN_NOT_FOUND',
      )
    })

    it('dialogs answer NOT_SUPPORTED outside the desktop app', async () => {
      expect((await rejection(h.client.dialogs.openFile({}))).code).toBe('NOT_SUPPORTED')
    })

    it('an unknown command is UNKNOWN_COMMAND', async () => {
      const result = await h.client.transport.invoke('designs:explode', {})
      expect(result.ok).toBe(false)
      expect(!result.ok && result.error.code).toBe('UNKNOWN_COMMAND')
    })
  })

  describe('malformed payloads', () => {
    let shared: Harness
    beforeAll(async () => {
      shared = await harness(transport)
    })
    afterAll(async () => {
      await shared.close()
    })
    it.each(commandNames)(
      '%s rejects a malformed payload with BAD_REQUEST',
      async (command: CommandName) => {
        const result = await shared.client.transport.invoke(command, 42)
        expect(result).toEqual({
          ok: false,
          error: { code: 'BAD_REQUEST', message: expect.stringContaining(command) },
        })
      },
    )
  })
})
