/**
 * The content hash of a decoded dataset: what makes two imports "the same data". It covers the
 * shape, the class names and the four cache files (pixels and labels of both splits, in cache
 * order), so the same files imported with another size, colour mode or test split are different
 * data, while the same pixels reached through another path or file name are not.
 */
import { createHash, type Hash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { join } from 'node:path'
import { CACHE_FILES, cacheDir, labelFile } from './cacheLayout'
import type { CacheMeta } from './types'

/** The four cache files in hashing order. */
export const HASHED_FILES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const
export type HashedFile = (typeof HASHED_FILES)[number]

/** sha256 hex of the dataset from its shape, class names and each cache file's sha256 hex. */
export function combineDataHash(
  content: { shape: readonly number[]; classes: readonly string[] },
  files: Record<HashedFile, string>,
): string {
  const hash = createHash('sha256')
  hash.update(
    `blockwise-data/1\n${JSON.stringify({ shape: content.shape, classes: content.classes })}\n`,
  )
  for (const f of HASHED_FILES) hash.update(`${f} ${files[f]}\n`)
  return hash.digest('hex')
}

/** The cache file names of a dataset, in `HASHED_FILES` order. */
export function cacheFileNames(labelBytes: 1 | 2): Record<HashedFile, string> {
  return {
    trainImages: CACHE_FILES.trainImages,
    trainLabels: labelFile(CACHE_FILES.trainLabels, labelBytes),
    testImages: CACHE_FILES.testImages,
    testLabels: labelFile(CACHE_FILES.testLabels, labelBytes),
  }
}

/** Reads a dataset's cache folder (streaming, a few MB at a time) and returns its data hash. */
export async function hashCacheFolder(home: string, meta: CacheMeta): Promise<string> {
  const dir = cacheDir(home, meta.id)
  const names = cacheFileNames(meta.labelBytes)
  const digests = {} as Record<HashedFile, string>
  for (const f of HASHED_FILES) digests[f] = await hashFile(join(dir, names[f]))
  return combineDataHash(meta, digests)
}

async function hashFile(path: string): Promise<string> {
  const hash: Hash = createHash('sha256')
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 22 }))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}
