import { open } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { CACHE_FILES, cacheDir, readMeta, readSplit } from './cache'
import type { CacheMeta } from './types'
import { histogram } from './split'

export interface Sample {
  /** Index inside its split. */
  index: number
  split: 'train' | 'test'
  label: number
  className: string
  png: Buffer
}

export interface Preview {
  classes: string[]
  shape: [number, number, number]
  histogram: { train: number[]; test: number[] }
  samples: Sample[]
}

/** The class histogram of both splits and the first `perClass` train images of each class as PNG. */
export async function datasetPreview(
  home: string,
  id: string,
  options: { perClass?: number } = {},
): Promise<Preview> {
  const perClass = options.perClass ?? 4
  const meta = await readMeta(home, id)
  const [trainLabels, testLabels] = await Promise.all([
    labelsOf(home, meta, 'train'),
    labelsOf(home, meta, 'test'),
  ])
  const seen = new Array<number>(meta.classes.length).fill(0)
  const picks: number[] = []
  for (let i = 0; i < trainLabels.length && picks.length < perClass * meta.classes.length; i++) {
    const l = trainLabels[i]!
    if (seen[l]! < perClass) {
      seen[l]!++
      picks.push(i)
    }
  }
  picks.sort((a, b) => trainLabels[a]! - trainLabels[b]! || a - b)
  return {
    classes: meta.classes,
    shape: meta.shape,
    histogram: {
      train: histogram(trainLabels, meta.classes.length),
      test: histogram(testLabels, meta.classes.length),
    },
    samples: await samplesAt(home, meta, 'train', picks, trainLabels),
  }
}

/** One page of a split's images as PNG, optionally only one class (for the dataset browser). */
export async function datasetSamples(
  home: string,
  id: string,
  q: { split: 'train' | 'test'; offset?: number; count?: number; label?: number },
): Promise<{ total: number; samples: Sample[] }> {
  const meta = await readMeta(home, id)
  const labels = await labelsOf(home, meta, q.split)
  const indices: number[] = []
  for (let i = 0; i < labels.length; i++)
    if (q.label === undefined || labels[i] === q.label) indices.push(i)
  const offset = q.offset ?? 0
  const page = indices.slice(offset, offset + (q.count ?? 32))
  return { total: indices.length, samples: await samplesAt(home, meta, q.split, page, labels) }
}

async function labelsOf(
  home: string,
  meta: CacheMeta,
  split: 'train' | 'test',
): Promise<Uint8Array | Uint16Array> {
  if (meta.labelBytes === 2) return (await readSplit(home, meta, split)).labels
  const file = join(
    cacheDir(home, meta.id),
    `${split === 'train' ? CACHE_FILES.trainLabels : CACHE_FILES.testLabels}.u8`,
  )
  const handle = await open(file, 'r')
  try {
    const buf = Buffer.alloc(meta.counts[split])
    await handle.read(buf, 0, buf.length, 0)
    return new Uint8Array(buf.buffer, buf.byteOffset, buf.length)
  } finally {
    await handle.close()
  }
}

/** Reads only the requested images from the cache file and encodes each as PNG. */
async function samplesAt(
  home: string,
  meta: CacheMeta,
  split: 'train' | 'test',
  indices: number[],
  labels: ArrayLike<number>,
): Promise<Sample[]> {
  const [h, w, c] = meta.shape
  const pixels = h * w * c
  const file = join(
    cacheDir(home, meta.id),
    split === 'train' ? CACHE_FILES.trainImages : CACHE_FILES.testImages,
  )
  const handle = await open(file, 'r')
  try {
    const out: Sample[] = []
    for (const index of indices) {
      const buf = Buffer.alloc(pixels)
      await handle.read(buf, 0, pixels, index * pixels)
      const image = sharp(buf, { raw: { width: w, height: h, channels: c as 1 | 3 } })
      // Without b-w, sharp writes a one-channel image as an RGB PNG (three times the bytes).
      const png = await (c === 1 ? image.toColourspace('b-w') : image).png().toBuffer()
      const label = labels[index]!
      out.push({ index, split, label, className: meta.classes[label] ?? String(label), png })
    }
    return out
  } finally {
    await handle.close()
  }
}
