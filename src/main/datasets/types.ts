import type { DatasetFormat, SkippedFile } from '../store'
import type { WrittenCache } from './cacheWriter'

/** One split of decoded pixels: `count` images of H×W×C uint8 (NHWC) and their labels. */
export interface Split {
  images: Uint8Array
  labels: Uint8Array | Uint16Array
  count: number
}

/** What a decoder produces and the cache stores. */
export interface Decoded {
  format: DatasetFormat
  shape: [number, number, number]
  classes: string[]
  train: Split
  test: Split
  sourcePath: string
  contentHash: string
  splitSeed: number | null
  skipped: SkippedFile[]
}

/** A decoded dataset's description without its pixels. */
export type DecodedInfo = Omit<Decoded, 'train' | 'test'>

/** An import written to its staging folder: the description and what the cache writer learnt. */
export interface Built {
  info: DecodedInfo
  written: WrittenCache
}

export type ImportPhase = 'scanning' | 'reading' | 'decoding' | 'writing'

export interface ImportProgress {
  phase: ImportPhase
  done: number
  /** null while unknown. */
  total: number | null
  message?: string
}

export interface DecodeContext {
  onProgress?: (p: ImportProgress) => void
  signal?: AbortSignal
}

/** How much a streaming importer reads at once; tests make it small to cross many chunks. */
export interface StreamTuning {
  chunkBytes?: number
}

/** The contents of `<cache>/meta.json`: enough to load the dataset without SQLite. */
export interface CacheMeta {
  version: 1
  id: string
  name: string
  shape: [number, number, number]
  classes: string[]
  counts: { train: number; test: number }
  /** 1 (uint8) or 2 (uint16 little-endian). */
  labelBytes: 1 | 2
  mean: number[]
  std: number[]
}
