import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Design } from '../../shared/graph'
import type { ExportGraph } from './graph'
import { encodeNpz } from './npz'
import { buildTorchModel, type TorchModelInfo } from './pytorchModel'
import { trainScript } from './pytorchTrain'
import { encodeSafetensors } from './safetensors'
import { assertExpressible } from './support'
import type { LayerWeights } from './types'

/** The dataset written beside the model for train.py: uint8 NHWC images, labels, normalisation. */
export interface ExportDataset {
  shape: readonly [number, number, number]
  classes: readonly string[]
  train: { images: Uint8Array; labels: ArrayLike<number>; count: number }
  test: { images: Uint8Array; labels: ArrayLike<number>; count: number }
  mean: readonly number[]
  std: readonly number[]
}

/** data.npz: `x_train`/`x_test` uint8 [n, H, W, C], `y_*` int64, `mean`/`std` float32 (0..255 units). */
export function datasetNpz(data: ExportDataset): Buffer {
  const [h, w, c] = data.shape
  const split = (s: ExportDataset['train']) => ({
    x: { data: s.images.subarray(0, s.count * h * w * c), shape: [s.count, h, w, c] },
    y: {
      data: BigInt64Array.from(Array.from({ length: s.count }, (_, i) => BigInt(s.labels[i] ?? 0))),
      shape: [s.count],
    },
  })
  const train = split(data.train)
  const test = split(data.test)
  const stat = (v: readonly number[]) =>
    Float32Array.from({ length: c }, (_, i) => v[i] ?? v[0] ?? 0)
  return encodeNpz({
    x_train: train.x,
    y_train: train.y,
    x_test: test.x,
    y_test: test.y,
    mean: { data: stat(data.mean), shape: [c] },
    std: { data: stat(data.std), shape: [c] },
  })
}

/**
 * Writes a PyTorch project: model.py, model.safetensors, train.py (DDP under torchrun) and,
 * with a dataset, data.npz. Returns the files written.
 */
export function exportPytorch(
  design: Design,
  graph: ExportGraph,
  weights: LayerWeights,
  outDir: string,
  info: TorchModelInfo & { dataset?: ExportDataset },
): string[] {
  assertExpressible(graph, 'pytorch')
  const stats = info.dataset ? { mean: info.dataset.mean, std: info.dataset.std } : {}
  const model = buildTorchModel(design, graph, weights, { ...info, ...stats })
  mkdirSync(outDir, { recursive: true })
  const files: [string, string | Uint8Array][] = [
    ['model.py', model.source],
    [
      'model.safetensors',
      encodeSafetensors(model.tensors, { format: 'pt', producer: 'Blockwise' }),
    ],
    ['train.py', trainScript(info.name)],
  ]
  if (info.dataset) files.push(['data.npz', datasetNpz(info.dataset)])
  for (const [name, content] of files) writeFileSync(join(outDir, name), content)
  return files.map(([name]) => join(outDir, name))
}
