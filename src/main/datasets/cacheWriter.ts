/**
 * Writes a dataset cache as it is produced: images and labels are appended split by split in
 * a few MB at a time, while the per-channel statistics, the class histogram and each file's
 * sha256 are computed on the way, so no split has to be held in memory whole.
 */
import { createHash, type Hash } from 'node:crypto'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { combineDataHash, cacheFileNames, HASHED_FILES, type HashedFile } from './dataHash'
import { checkAborted } from './errors'
import type { DecodeContext, Decoded } from './types'

/** Bytes gathered before one write. */
const CHUNK = 4 << 20

export type SplitName = 'train' | 'test'

/** What the writer learnt while writing: enough for meta.json and the dataset's row. */
export interface WrittenCache {
  counts: { train: number; test: number }
  labelBytes: 1 | 2
  /** Per-channel mean and standard deviation of the train split, in 0..255 units. */
  mean: number[]
  std: number[]
  /** Images per class, both splits. */
  classCounts: number[]
  dataHash: string
}

/** One cache file: buffered appends, hashed as they come. */
class Appender {
  readonly hash: Hash = createHash('sha256')
  bytes = 0
  private readonly buf = Buffer.allocUnsafe(CHUNK)
  private used = 0

  constructor(readonly file: FileHandle) {}

  async append(data: Uint8Array): Promise<void> {
    this.hash.update(data)
    this.bytes += data.length
    if (this.used + data.length > CHUNK) await this.flush()
    if (data.length >= CHUNK) return writeAll(this.file, data)
    this.buf.set(data, this.used)
    this.used += data.length
  }

  async flush(): Promise<void> {
    if (this.used === 0) return
    const used = this.used
    this.used = 0
    await writeAll(this.file, this.buf.subarray(0, used))
  }
}

async function writeAll(file: FileHandle, data: Uint8Array): Promise<void> {
  for (let off = 0; off < data.length;) {
    const { bytesWritten } = await file.write(data, off, data.length - off)
    off += bytesWritten
  }
}

/** Running per-channel sums of pixel values and their squares (exact: integers below 2^53). */
class ChannelStats {
  private readonly sum: Float64Array
  private readonly sq: Float64Array
  private values = 0

  constructor(private readonly channels: number) {
    this.sum = new Float64Array(channels)
    this.sq = new Float64Array(channels)
  }

  /** Adds whole images (so the first byte is channel 0). */
  add(px: Uint8Array): void {
    const n = px.length
    if (this.channels === 1) {
      let s = 0
      let q = 0
      for (let i = 0; i < n; i++) {
        const v = px[i]!
        s += v
        q += v * v
      }
      this.sum[0]! += s
      this.sq[0]! += q
    } else {
      const c = this.channels
      for (let i = 0; i < n; i++) {
        const v = px[i]!
        this.sum[i % c]! += v
        this.sq[i % c]! += v * v
      }
    }
    this.values += n
  }

  result(): { mean: number[]; std: number[] } {
    const per = this.values / this.channels || 1
    const mean = [...this.sum].map((s) => s / per)
    const std = [...this.sq].map((q, c) => Math.sqrt(Math.max(0, q / per - mean[c]! ** 2)))
    return { mean, std }
  }
}

const fileOf = (split: SplitName, what: 'Images' | 'Labels'): HashedFile => `${split}${what}`

/** Appends one dataset's cache files into a folder; `finish` closes them and returns the totals. */
export class CacheWriter {
  private readonly stats: ChannelStats
  private readonly histogram: number[]
  private readonly pixels: number

  private constructor(
    private readonly content: { shape: [number, number, number]; classes: string[] },
    readonly labelBytes: 1 | 2,
    private readonly files: Record<HashedFile, Appender>,
  ) {
    const [h, w, c] = content.shape
    this.pixels = h * w * c
    this.stats = new ChannelStats(c)
    this.histogram = new Array<number>(content.classes.length).fill(0)
  }

  /** Creates the four cache files in `dir` (an existing, empty temp folder). */
  static async open(
    dir: string,
    content: { shape: [number, number, number]; classes: string[] },
  ): Promise<CacheWriter> {
    const labelBytes: 1 | 2 = content.classes.length <= 256 ? 1 : 2
    const names = cacheFileNames(labelBytes)
    const files = {} as Record<HashedFile, Appender>
    try {
      for (const f of HASHED_FILES) files[f] = new Appender(await open(join(dir, names[f]), 'wx'))
    } catch (error) {
      await Promise.all(Object.values(files).map((a) => a.file.close()))
      throw error
    }
    return new CacheWriter(content, labelBytes, files)
  }

  /** Appends whole images (NHWC uint8) to a split. */
  async images(split: SplitName, px: Uint8Array): Promise<void> {
    if (px.length % this.pixels !== 0)
      throw new Error(`${px.length} bytes is not a whole number of ${this.pixels}-byte images`)
    if (split === 'train') this.stats.add(px)
    await this.files[fileOf(split, 'Images')].append(px)
  }

  /** Appends labels to a split, in the cache's width (uint8, or uint16 little-endian). */
  async labels(split: SplitName, labels: ArrayLike<number>): Promise<void> {
    const out = Buffer.allocUnsafe(labels.length * this.labelBytes)
    for (let i = 0; i < labels.length; i++) {
      const label = labels[i]!
      if (!(label < this.histogram.length))
        throw new Error(`label ${label} is outside the ${this.histogram.length} classes`)
      this.histogram[label]!++
      if (this.labelBytes === 1) out[i] = label
      else out.writeUInt16LE(label, i * 2)
    }
    await this.files[fileOf(split, 'Labels')].append(out)
  }

  /** Flushes and closes the files; checks that every image has its label. */
  async finish(): Promise<WrittenCache> {
    for (const f of HASHED_FILES) await this.files[f].flush()
    await this.close()
    const count = (split: SplitName): number => {
      const images = this.files[fileOf(split, 'Images')].bytes / this.pixels
      const labels = this.files[fileOf(split, 'Labels')].bytes / this.labelBytes
      if (images !== labels)
        throw new Error(`the ${split} split has ${images} images but ${labels} labels`)
      return images
    }
    const counts = { train: count('train'), test: count('test') }
    const digests = {} as Record<HashedFile, string>
    for (const f of HASHED_FILES) digests[f] = this.files[f].hash.digest('hex')
    return {
      counts,
      labelBytes: this.labelBytes,
      ...this.stats.result(),
      classCounts: [...this.histogram],
      dataHash: combineDataHash(this.content, digests),
    }
  }

  /** Closes the files without finishing (the caller removes the folder). */
  async close(): Promise<void> {
    await Promise.allSettled(HASHED_FILES.map((f) => this.files[f].file.close()))
  }
}

/** Writes a dataset decoded in memory, a few MB at a time, reporting `writing` progress. */
export async function writeDecoded(
  writer: CacheWriter,
  d: Decoded,
  ctx: DecodeContext = {},
): Promise<WrittenCache> {
  const pixels = d.shape[0] * d.shape[1] * d.shape[2]
  const per = Math.max(1, Math.floor(CHUNK / pixels))
  const total = d.train.count + d.test.count
  let done = 0
  for (const split of ['train', 'test'] as const) {
    const { images, labels, count } = d[split]
    for (let i = 0; i < count; i += per) {
      checkAborted(ctx.signal)
      const end = Math.min(count, i + per)
      await writer.images(split, images.subarray(i * pixels, end * pixels))
      done += end - i
      ctx.onProgress?.({ phase: 'writing', done, total })
    }
    await writer.labels(split, labels.subarray(0, count))
  }
  return writer.finish()
}
