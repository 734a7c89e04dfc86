import { join } from 'node:path'

/** The files of a cache folder; label files end in `.u8` or `.u16` (see `labelFile`). */
export const CACHE_FILES = {
  meta: 'meta.json',
  trainImages: 'train-images.u8',
  trainLabels: 'train-labels',
  testImages: 'test-images.u8',
  testLabels: 'test-labels',
} as const

export const datasetsRoot = (home: string): string => join(home, 'datasets')
export const cacheDir = (home: string, id: string): string => join(datasetsRoot(home), id)
export const labelFile = (base: string, bytes: 1 | 2): string =>
  `${base}.${bytes === 1 ? 'u8' : 'u16'}`
