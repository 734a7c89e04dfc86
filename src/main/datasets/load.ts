import { readMeta, readSplit } from './cache'
import { DatasetError } from './errors'
import { createRng, permutation } from '../../shared/random'
import { gather } from './split'
import type { Split } from './types'

export interface LoadOptions {
  /** Share of the cached train split used for validation (0 ≤ f < 1; default 0.1). */
  valFraction?: number
  /** Seed of the train/validation split: the same seed gives the same split. */
  seed?: number
}

export interface LoadedDataset {
  id: string
  name: string
  /** [H, W, C]. */
  shape: [number, number, number]
  classes: string[]
  train: Split
  val: Split
  test: Split
  /** Per-channel mean and std of the cached train split, in 0..255 units. */
  mean: number[]
  std: number[]
  valFraction: number
  seed: number
}

/**
 * Loads a dataset from its cache (no SQLite, no image decoding: the trainer process calls
 * this) and carves a seeded random validation split out of the train split.
 */
export async function loadDataset(
  home: string,
  id: string,
  options: LoadOptions = {},
): Promise<LoadedDataset> {
  const valFraction = options.valFraction ?? 0.1
  const seed = options.seed ?? 0
  if (!(valFraction >= 0 && valFraction < 1))
    throw new DatasetError(
      'datasets/bad-file',
      `valFraction must be in [0, 1), got ${valFraction}.`,
    )
  const meta = await readMeta(home, id)
  const [full, test] = await Promise.all([
    readSplit(home, meta, 'train'),
    readSplit(home, meta, 'test'),
  ])
  const pixels = meta.shape[0] * meta.shape[1] * meta.shape[2]
  const valCount = Math.round(full.count * valFraction)
  let train = full
  let val: Split = { images: new Uint8Array(0), labels: new Uint8Array(0), count: 0 }
  if (valCount > 0) {
    const order = permutation(full.count, createRng(seed))
    const valIdx = order.slice(0, valCount).sort()
    const isVal = new Uint8Array(full.count)
    for (const i of valIdx) isVal[i] = 1
    const trainIdx = new Uint32Array(full.count - valCount)
    for (let i = 0, k = 0; i < full.count; i++) if (!isVal[i]) trainIdx[k++] = i
    train = gather(full, trainIdx, pixels)
    val = gather(full, valIdx, pixels)
  }
  return {
    id: meta.id,
    name: meta.name,
    shape: meta.shape,
    classes: meta.classes,
    train,
    val,
    test,
    mean: meta.mean,
    std: meta.std,
    valFraction,
    seed,
  }
}
