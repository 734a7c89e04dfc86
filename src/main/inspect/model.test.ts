import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as tf from '@tensorflow/tfjs-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyze } from '../../shared/graph'
import { initBackend } from '../engine/backend'
import { compile } from '../engine/compile'
import type { TestMetrics } from '../engine/messages'
import { parseSettings } from '../../shared/training/settings'
import { CheckpointWriter } from '../engine/trainer/checkpoint'
import { runJob } from '../engine/trainer/job'
import { quadrantData, tinyDesign } from '../engine/trainer/testData'
import { evaluateSplit } from './evaluate'
import { classProbabilities, featureMaps, imageFromFile, imageOf } from './images'
import { loadRunModel, type RunModel } from './model'
import { chain } from './testing'
import { kernelOf } from './tasks'
import { filterImages, isColourLayer } from './filters'
import { topActivations } from './topPatches'

const root = mkdtempSync(join(tmpdir(), 'blockwise-inspect-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
beforeAll(async () => {
  await initBackend('cpu')
})

describe('a trained run, loaded from its checkpoint', () => {
  const data = quadrantData({ train: 160, val: 32, test: 96 }, 3)
  let test: TestMetrics | undefined
  let model: RunModel
  const stats = { shape: data.shape, mean: data.mean, std: data.std }

  beforeAll(async () => {
    const settings = parseSettings({
      epochs: 1,
      batchSize: 32,
      lr: 0.05,
      optimizer: 'momentum',
      seed: 2,
    })
    let checkpoint = ''
    await runJob(
      {
        runId: 1,
        design: tinyDesign(),
        settings,
        home: root,
        datasetId: 'q',
        runDir: join(root, 'run'),
        backend: 'cpu',
      },
      {
        send: (m) => {
          if (m.type === 'done') test = m.test
          if (m.type === 'checkpoint') checkpoint = m.path
          if (m.type === 'error') throw new Error(m.message)
        },
        shouldStop: () => false,
        loadData: async () => data,
      },
    )
    model = await loadRunModel(tinyDesign(), checkpoint)
  })
  afterAll(() => model?.dispose())

  it("evaluates the test split exactly as the trainer's end-of-run evaluation did", async () => {
    const r = (await evaluateSplit(model, data.test, stats, { batchSize: 17 }))!
    expect(test).toBeDefined()
    expect(r.evaluation.confusionMatrix).toEqual(test!.confusionMatrix)
    expect(r.evaluation.top1).toBeCloseTo(test!.top1, 10)
    expect(r.evaluation.top5).toBeCloseTo(test!.top5, 10)
    expect(r.evaluation.loss).toBeCloseTo(test!.loss, 4)
    // precision and recall from the matrix
    const m = r.evaluation.confusionMatrix
    const c = 1
    const col = m.reduce((s, row) => s + row[c]!, 0)
    expect(r.evaluation.perClass[c]!.precision).toBeCloseTo(m[c]![c]! / col, 12)
    expect(r.evaluation.perClass[c]!.recall).toBeCloseTo(
      m[c]![c]! / m[c]!.reduce((s, v) => s + v, 0),
      12,
    )
  })

  it('predicts one test image, and the same image dropped as a PNG file, as the evaluation did', async () => {
    const r = (await evaluateSplit(model, data.test, stats))!
    for (const i of [0, 5, 42]) {
      const probs = await classProbabilities(model, imageOf(data.test, i, data.shape), stats)
      const best = probs.indexOf(Math.max(...probs))
      expect(best).toBe(r.predictions.topClasses[i * r.predictions.k])
      expect(probs[best]).toBeCloseTo(r.predictions.topProbs[i * r.predictions.k]!, 5)
      const img = imageOf(data.test, i, data.shape)
      const png = await sharp(Buffer.from(img.pixels), {
        raw: { width: 8, height: 8, channels: 1 },
      })
        .png()
        .toBuffer()
      const fromFile = await classProbabilities(model, await imageFromFile(png, data.shape), stats)
      expect(Array.from(fromFile)).toEqual(Array.from(probs))
    }
  })

  it('refuses a file that is not an image, with the reason', async () => {
    await expect(imageFromFile(Buffer.from('not an image'), data.shape)).rejects.toThrow(
      /cannot read the image/,
    )
  })

  it('gives one normalised map per channel at a layer, and refuses a layer without a map', async () => {
    const r = await featureMaps(model, 'relu', imageOf(data.test, 0, data.shape), stats, 64)
    expect(r.shape).toEqual([8, 8, 4])
    expect(r.maps).toHaveLength(4)
    for (const m of r.maps) expect(m.min).toBeGreaterThanOrEqual(0)
    await expect(
      featureMaps(model, 'flat', imageOf(data.test, 0, data.shape), stats, 64),
    ).rejects.toThrow(/no feature map/)
    await expect(
      featureMaps(model, 'nope', imageOf(data.test, 0, data.shape), stats, 64),
    ).rejects.toThrow(/no layer "nope"/)
  })
})

/** conv output at (n, oy, ox, f) computed with loops: 'same' padding, stride 2 (TF pads 0 before, 1 after). */
function bruteConv(
  x: Float32Array,
  n: number,
  h: number,
  w: number,
  k: Float32Array,
  bias: Float32Array,
  kh: number,
  filters: number,
  f: number,
  stride: number,
): { oh: number; ow: number; at(i: number, oy: number, ox: number): number } {
  const oh = Math.ceil(h / stride)
  const ow = Math.ceil(w / stride)
  const padTop = Math.floor(Math.max((oh - 1) * stride + kh - h, 0) / 2)
  const padLeft = Math.floor(Math.max((ow - 1) * stride + kh - w, 0) / 2)
  return {
    oh,
    ow,
    at(i, oy, ox) {
      let s = bias[f]!
      for (let dy = 0; dy < kh; dy++)
        for (let dx = 0; dx < kh; dx++) {
          const iy = oy * stride - padTop + dy
          const ix = ox * stride - padLeft + dx
          if (iy < 0 || ix < 0 || iy >= h || ix >= w) continue
          s += x[(i * h + iy) * w + ix]! * k[(dy * kh + dx) * filters + f]!
        }
      return s
    },
  }
}

describe('top-9 patches', () => {
  it('are the argmax activations of a brute-force convolution, boxes cropped at the borders', async () => {
    const design = chain('t', [
      ['in', 'input', { height: 11, width: 11, channels: 1 }],
      ['c', 'conv2d', { filters: 3, kernel: 4, stride: 2, padding: 'same' }],
      ['f', 'flatten', {}],
      ['out', 'output', { classes: 2 }],
    ])
    const compiled = compile(analyze(design).graph, { seed: 9 })
    // Give the biases distinct values so they matter.
    const [kT, bT] = compiled.model.getLayer('c').getWeights()
    compiled.model.getLayer('c').setWeights([kT!, tf.tensor1d([0.3, -0.2, 0.1])])
    const saved = await new CheckpointWriter(join(root, 'brute'), 'fp').save(
      compiled.model,
      tf.train.sgd(0.1),
      1,
      0,
      null,
      0,
    )
    compiled.model.dispose()
    bT?.dispose()
    const m = await loadRunModel(design, saved.path)
    const n = 150
    const images = new Uint8Array(n * 121)
    let seed = 7
    for (let i = 0; i < images.length; i++)
      images[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    const split = { images, labels: new Uint8Array(n), count: n }
    const stats = { shape: [11, 11, 1] as const, mean: [120], std: [60] }
    const x = Float32Array.from(images, (v) => (v - 120) * (1 / 60))
    const [kernel, bias] = m.compiled.model
      .getLayer('c')
      .getWeights()
      .map((t) => t.dataSync() as Float32Array)
    for (const f of [0, 2]) {
      const conv = bruteConv(x, n, 11, 11, kernel!, bias!, 4, 3, f, 2)
      const perImage = Array.from({ length: n }, (_, i) => {
        let best = { index: i, activation: -Infinity, y: 0, x: 0 }
        for (let oy = 0; oy < conv.oh; oy++)
          for (let ox = 0; ox < conv.ow; ox++) {
            const v = conv.at(i, oy, ox)
            if (v > best.activation) best = { index: i, activation: v, y: oy, x: ox }
          }
        return best
      })
      const expected = perImage.sort((a, b) => b.activation - a.activation).slice(0, 9)
      const r = await topActivations(m, split, stats, {
        layer: 'c',
        channel: f,
        limit: n,
        batchSize: 32,
      })
      expect(r.scanned).toBe(n)
      expect(r.units.map((u) => [u.index, u.y, u.x])).toEqual(
        expected.map((e) => [e.index, e.y, e.x]),
      )
      for (const [i, u] of r.units.entries())
        expect(u.activation).toBeCloseTo(expected[i]!.activation, 4)
      // 'same' with stride 2 on 11: out 6, pad 1 before (total 3): unit y covers 2y-1 .. 2y+2, clipped to 0..10.
      for (const u of r.units) {
        expect(u.box).toEqual({
          top: Math.max(0, 2 * u.y - 1),
          left: Math.max(0, 2 * u.x - 1),
          bottom: Math.min(10, 2 * u.y + 2),
          right: Math.min(10, 2 * u.x + 2),
        })
      }
    }
    // A cancel between batches ends the scan with what it has.
    let calls = 0
    const stopped = await topActivations(
      m,
      split,
      stats,
      { layer: 'c', channel: 1, limit: n, batchSize: 32 },
      { shouldStop: () => ++calls > 2 },
    )
    expect(stopped).toMatchObject({ cancelled: true, scanned: 64 })
    expect(stopped.units).toHaveLength(9)
    await expect(
      topActivations(m, split, stats, { layer: 'c', channel: 3, limit: n }),
    ).rejects.toThrow(/3 channels/)
    m.dispose()
  })
})

describe('filters of an RGB network', () => {
  it('draws the first layer (behind padding) in colour and deeper layers per input channel', async () => {
    const design = chain('rgb', [
      ['in', 'input', { height: 8, width: 8, channels: 3 }],
      ['pad', 'zeroPad2d', { top: 1, bottom: 1, left: 1, right: 1 }],
      ['c1', 'conv2d', { filters: 5, kernel: 3, padding: 'valid' }],
      ['c2', 'conv2d', { filters: 7, kernel: 3 }],
      ['f', 'flatten', {}],
      ['out', 'output', { classes: 2 }],
    ])
    const compiled = compile(analyze(design).graph, { seed: 3 })
    const saved = await new CheckpointWriter(join(root, 'rgb'), 'fp').save(
      compiled.model,
      tf.train.sgd(0.1),
      1,
      0,
      null,
      0,
    )
    compiled.model.dispose()
    const m = await loadRunModel(design, saved.path)
    const first = await kernelOf(m, 'c1')
    expect(first.fedByInput).toBe(true)
    expect(first.kernel).toMatchObject({ kh: 3, kw: 3, inChannels: 3, filters: 5 })
    const colour = filterImages(first.kernel, {
      colour: isColourLayer(3, first.fedByInput),
      maxFilters: 64,
      maxChannels: 16,
    })
    expect(colour.map((f) => [f.image.width, f.image.height])).toEqual(Array(5).fill([3, 3]))
    const second = await kernelOf(m, 'c2')
    expect(second.fedByInput).toBe(false)
    const rows = filterImages(second.kernel, {
      colour: isColourLayer(5, second.fedByInput),
      maxFilters: 64,
      maxChannels: 16,
    })
    expect(rows.map((f) => [f.image.width, f.image.height])).toEqual(Array(7).fill([5 * 3 + 4, 3]))
    await expect(kernelOf(m, 'pad')).rejects.toThrow(/only for conv2d/)
    m.dispose()
  })
})
