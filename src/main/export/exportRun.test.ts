import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import onnxProto from 'onnx-proto'
import * as ort from 'onnxruntime-node'
import { afterAll, describe, expect, it } from 'vitest'
import { expand } from '../../shared/graph'
import { writeCache } from '../datasets/cache'
import { CheckpointWriter } from '../engine/trainer/checkpoint'
import { fakeDataset, newRun, tempStore } from '../store/testing/tempStore'
import { exportRun } from './exportRun'
import { findPython } from './python'
import { maxAbsDiff, miniInception, predict, random, randomBatch, trainedModel } from './testGraphs'
import { ExportError } from './types'

const { store, dir: home, cleanup } = tempStore()
const python = findPython('torch')
if (!python)
  console.warn(
    'SKIPPED: the PyTorch end-to-end export check needs python3 with torch (Debian: apt-get install python3-torch)',
  )
afterAll(cleanup)

async function trainedRun(datasetId: string | null): Promise<{
  runId: number
  expected: Float32Array
  batch: { data: Float32Array; shape: number[] }
}> {
  const run = store.runs.create(
    newRun({
      name: 'mini GoogLeNet run',
      designName: 'mini GoogLeNet',
      graph: miniInception,
      datasetId,
    }),
  )
  const graph = expand(miniInception)
  const { model } = trainedModel(graph, 21)
  const saved = await new CheckpointWriter(
    join(home, 'runs', String(run.id), 'checkpoints'),
    'fp',
  ).save(model, tf.train.sgd(0.1), 1, 10, 0.5, 0.4)
  store.checkpoints.add({
    runId: run.id,
    epoch: 1,
    step: 10,
    path: saved.path,
    valAccuracy: 0.5,
    isBest: true,
  })
  const batch = randomBatch(graph, 2)
  const expected = predict(model, batch)
  model.dispose()
  return { runId: run.id, expected, batch }
}

async function smallDataset(): Promise<string> {
  const next = random(5)
  const split = (count: number) => ({
    images: Uint8Array.from({ length: count * 13 * 13 * 3 }, () => Math.floor(next() * 256)),
    labels: Uint8Array.from({ length: count }, () => Math.floor(next() * 5)),
    count,
  })
  const classes = ['a', 'b', 'c', 'd', 'e']
  const decoded = {
    format: 'folder' as const,
    shape: [13, 13, 3] as [number, number, number],
    classes,
    train: split(40),
    test: split(10),
    sourcePath: '/nowhere',
    contentHash: 'x',
    splitSeed: null,
    skipped: [],
  }
  const meta = await writeCache(home, 'tiny', 'tiny', decoded)
  store.datasets.insert(
    fakeDataset('tiny', {
      shape: [13, 13, 3],
      classes,
      counts: { train: 40, test: 10 },
      mean: meta.mean,
      std: meta.std,
      cacheDir: join(home, 'datasets', 'tiny'),
    }),
  )
  return 'tiny'
}

describe('exportRun', () => {
  it('exports a stored run in every format from its checkpoint and records each export', async () => {
    const { runId, expected, batch } = await trainedRun(await smallDataset())
    const progress: string[] = []
    const out = (f: string) => join(home, 'exports', f)
    const results = []
    for (const format of ['tfjs', 'onnx', 'pytorch', 'keras', 'design'] as const) {
      results.push(
        await exportRun(store, home, runId, format, out(format), (m) => progress.push(m)),
      )
    }
    expect(readdirSync(out('tfjs')).sort()).toEqual([
      'blockwise-lrn.js',
      'model.json',
      'weights.bin',
    ])
    expect(readdirSync(out('pytorch')).sort()).toEqual([
      'data.npz',
      'model.py',
      'model.safetensors',
      'train.py',
    ])
    expect(readdirSync(out('keras')).sort()).toEqual(['model.py', 'weights.npz'])
    expect(readdirSync(out('design')).sort()).toEqual([
      'mini-GoogLeNet.blockwise.json',
      'mini-GoogLeNet.png',
      'mini-GoogLeNet.svg',
    ])
    expect(progress).toContain('reading the checkpoint of epoch 1 (best)')
    expect(progress).toContain('packing dataset tiny into data.npz')

    const recorded = store.exports.list(runId)
    expect(recorded.map((e) => e.format).sort()).toEqual([
      'design',
      'keras',
      'onnx',
      'pytorch',
      'tfjs',
    ])
    for (const r of results) {
      expect(recorded.find((e) => e.id === r.exportId)?.path).toBe(r.path)
      expect(r.bytes).toBeGreaterThan(0)
    }

    // The ONNX written from the stored checkpoint computes what the trained model computed.
    const onnx = results.find((r) => r.format === 'onnx')
    expect(onnx?.path).toBe(join(out('onnx'), 'mini-GoogLeNet-run.onnx'))
    const session = await ort.InferenceSession.create(onnx?.path ?? '')
    const res = await session.run({ input: new ort.Tensor('float32', batch.data, batch.shape) })
    expect(
      maxAbsDiff(res[session.outputNames[0] ?? '']?.data as Float32Array, expected),
    ).toBeLessThanOrEqual(1e-4)
    const model = onnxProto.onnx.ModelProto.decode(readFileSync(onnx?.path ?? ''))
    const meta = Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]))
    expect(meta).toMatchObject({ input_layout: 'NHWC', classes: '["a","b","c","d","e"]' })
    expect(JSON.parse(meta.mean ?? '[]')).toHaveLength(3)
    expect(readFileSync(join(out('keras'), 'model.py'), 'utf8')).toContain(
      'def preprocess(images):',
    )
  })

  it.skipIf(!python)(
    'gives a PyTorch model whose preprocess + Net agree with ONNX on the exported data.npz',
    async () => {
      const { runId } = await trainedRun('tiny')
      const dir = join(home, 'exports', 'end-to-end')
      await exportRun(store, home, runId, 'pytorch', join(dir, 'pt'))
      const onnx = await exportRun(store, home, runId, 'onnx', join(dir, 'onnx'))
      const script = `
import sys, json, numpy as np, torch
sys.path.insert(0, ${JSON.stringify(join(dir, 'pt'))})
from model import load_model, preprocess
data = np.load(${JSON.stringify(join(dir, 'pt', 'data.npz'))})
images = data["x_test"][:3]
with torch.no_grad():
    probs = torch.softmax(load_model(${JSON.stringify(join(dir, 'pt', 'model.safetensors'))})(preprocess(images)), 1)
x = (images.astype(np.float32) - data["mean"]) / data["std"]
print(json.dumps({"x": x.ravel().tolist(), "probs": probs.ravel().tolist()}))`
      const got = JSON.parse(
        execFileSync(python ?? 'python3', ['-c', script], { encoding: 'utf8' }),
      ) as { x: number[]; probs: number[] }
      const session = await ort.InferenceSession.create(onnx.path)
      const res = await session.run({
        input: new ort.Tensor('float32', Float32Array.from(got.x), [3, 13, 13, 3]),
      })
      expect(
        maxAbsDiff(res[session.outputNames[0] ?? '']?.data as Float32Array, got.probs),
      ).toBeLessThanOrEqual(1e-4)
    },
  )

  it('says why when the run, its checkpoint or the checkpoint files are missing', async () => {
    await expect(exportRun(store, home, 999, 'onnx', join(home, 'x'))).rejects.toThrow(/no run 999/)
    const any = store.runs.create(newRun({ graph: miniInception })).id
    await expect(exportRun(store, home, any, 'caffe' as 'onnx', join(home, 'x'))).rejects.toThrow(
      /unknown format 'caffe': use tfjs, onnx, pytorch, keras, design/,
    )
    const broken = store.runs.create(
      newRun({
        graph: {
          ...miniInception,
          edges: miniInception.edges.filter((e) => e.target !== 'output'),
        },
      }),
    ).id
    await expect(exportRun(store, home, broken, 'onnx', join(home, 'x'))).rejects.toThrow(
      new RegExp(`run ${broken}'s design has errors: `),
    )
    writeFileSync(join(home, 'a-file'), 'not a folder')
    await expect(exportRun(store, home, any, 'design', join(home, 'a-file'))).rejects.toThrow(
      /cannot write to .*a-file/,
    )
    const untrained = store.runs.create(newRun({ graph: miniInception }))
    await expect(exportRun(store, home, untrained.id, 'onnx', join(home, 'x'))).rejects.toThrow(
      new RegExp(
        `run ${untrained.id} has no checkpoint \\(status: queued\\): train it for at least one epoch, or export its 'design'`,
      ),
    )
    // The design needs no checkpoint.
    expect(
      (await exportRun(store, home, untrained.id, 'design', join(home, 'x'))).files,
    ).toHaveLength(3)

    const { runId } = await trainedRun(null)
    const checkpoint = store.checkpoints.best(runId)
    rmSync(checkpoint?.path ?? '', { recursive: true, force: true })
    const attempt = exportRun(store, home, runId, 'keras', join(home, 'y'))
    await expect(attempt).rejects.toThrow(ExportError)
    await expect(attempt).rejects.toThrow(/is missing on disk/)
    expect(existsSync(join(home, 'y', 'model.py'))).toBe(false)
    expect(store.exports.list(runId)).toEqual([])
  })
})
