import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { DatasetError } from './errors'
import type { CacheMeta, Decoded, Split } from './types'

export const CACHE_FILES = {
  meta: 'meta.json',
  trainImages: 'train-images.u8',
  trainLabels: 'train-labels',
  testImages: 'test-images.u8',
  testLabels: 'test-labels',
} as const

export const datasetsRoot = (home: string): string => join(home, 'datasets')
export const cacheDir = (home: string, id: string): string => join(datasetsRoot(home), id)
const labelFile = (base: string, bytes: 1 | 2): string => `${base}.${bytes === 1 ? 'u8' : 'u16'}`

/** Per-channel mean and standard deviation over all pixels of a split, in 0..255 units. */
export function channelStats(split: Split, channels: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(channels)
  const sq = new Float64Array(channels)
  const px = split.images
  const n = px.length
  if (channels === 1) {
    let s = 0
    let q = 0
    for (let i = 0; i < n; i++) {
      const v = px[i]!
      s += v
      q += v * v
    }
    sum[0] = s
    sq[0] = q
  } else {
    for (let i = 0; i < n; i++) {
      const v = px[i]!
      const c = i % channels
      sum[c]! += v
      sq[c]! += v * v
    }
  }
  const per = n / channels || 1
  const mean = [...sum].map((s) => s / per)
  const std = [...sq].map((q, c) => Math.sqrt(Math.max(0, q / per - mean[c]! ** 2)))
  return { mean, std }
}

/**
 * Writes the decoded dataset to a fresh temp folder beside the caches and renames it to
 * `<home>/datasets/<id>` only when every file is written; on any failure the temp folder goes.
 */
export async function writeCache(
  home: string,
  id: string,
  name: string,
  d: Decoded,
  signal?: AbortSignal,
): Promise<CacheMeta> {
  const root = datasetsRoot(home)
  await mkdir(root, { recursive: true })
  const tmp = join(root, `.tmp-${id}-${randomBytes(4).toString('hex')}`)
  const labelBytes: 1 | 2 = d.classes.length <= 256 ? 1 : 2
  const { mean, std } = channelStats(d.train, d.shape[2])
  const meta: CacheMeta = {
    version: 1,
    id,
    name,
    shape: d.shape,
    classes: d.classes,
    counts: { train: d.train.count, test: d.test.count },
    labelBytes,
    mean,
    std,
  }
  try {
    await mkdir(tmp)
    await writeFile(join(tmp, CACHE_FILES.trainImages), d.train.images, { signal })
    await writeFile(
      join(tmp, labelFile(CACHE_FILES.trainLabels, labelBytes)),
      labelBytesOf(d.train.labels, labelBytes),
      { signal },
    )
    await writeFile(join(tmp, CACHE_FILES.testImages), d.test.images, { signal })
    await writeFile(
      join(tmp, labelFile(CACHE_FILES.testLabels, labelBytes)),
      labelBytesOf(d.test.labels, labelBytes),
      { signal },
    )
    await writeFile(join(tmp, CACHE_FILES.meta), JSON.stringify(meta, null, 1))
    await rename(tmp, cacheDir(home, id))
  } catch (error) {
    await rm(tmp, { recursive: true, force: true })
    if ((error as Error).name === 'AbortError')
      throw new DatasetError('datasets/cancelled', 'The import was cancelled.')
    throw error
  }
  return meta
}

function labelBytesOf(labels: Uint8Array | Uint16Array, bytes: 1 | 2): Uint8Array {
  if (bytes === 1) return labels instanceof Uint8Array ? labels : Uint8Array.from(labels)
  const wide = labels instanceof Uint16Array ? labels : Uint16Array.from(labels)
  const out = Buffer.alloc(wide.length * 2)
  for (let i = 0; i < wide.length; i++) out.writeUInt16LE(wide[i]!, i * 2)
  return out
}

export async function readMeta(home: string, id: string): Promise<CacheMeta> {
  const dir = cacheDir(home, id)
  let text: string
  try {
    text = await readFile(join(dir, CACHE_FILES.meta), 'utf8')
  } catch {
    throw new DatasetError(
      'datasets/not-found',
      `No dataset cache at ${dir}. Import the dataset again.`,
    )
  }
  try {
    return JSON.parse(text) as CacheMeta
  } catch {
    throw new DatasetError(
      'datasets/cache-damaged',
      `${join(dir, CACHE_FILES.meta)} is damaged. Delete the dataset and import it again.`,
    )
  }
}

/** Reads one cached split in two reads, checking its sizes against meta.json. */
export async function readSplit(
  home: string,
  meta: CacheMeta,
  split: 'train' | 'test',
): Promise<Split> {
  const dir = cacheDir(home, meta.id)
  const count = meta.counts[split]
  const imageFile = join(dir, split === 'train' ? CACHE_FILES.trainImages : CACHE_FILES.testImages)
  const labelsFile = join(
    dir,
    labelFile(
      split === 'train' ? CACHE_FILES.trainLabels : CACHE_FILES.testLabels,
      meta.labelBytes,
    ),
  )
  const [images, labelBuf] = await Promise.all([readFile(imageFile), readFile(labelsFile)])
  const [h, w, c] = meta.shape
  if (images.length !== count * h * w * c || labelBuf.length !== count * meta.labelBytes) {
    throw new DatasetError(
      'datasets/cache-damaged',
      `The ${split} cache of dataset ${meta.id} has the wrong size. Delete the dataset and import it again.`,
    )
  }
  const imageArray = new Uint8Array(images.buffer, images.byteOffset, images.length)
  if (meta.labelBytes === 1)
    return {
      images: imageArray,
      labels: new Uint8Array(labelBuf.buffer, labelBuf.byteOffset, labelBuf.length),
      count,
    }
  const labels = new Uint16Array(count)
  for (let i = 0; i < count; i++) labels[i] = labelBuf.readUInt16LE(i * 2)
  return { images: imageArray, labels, count }
}
