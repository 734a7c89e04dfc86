import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { CACHE_FILES, cacheDir, datasetsRoot, labelFile } from './cacheLayout'
import { CacheWriter, writeDecoded, type WrittenCache } from './cacheWriter'
import { DatasetError } from './errors'
import type { CacheMeta, Decoded, Split } from './types'

export { CACHE_FILES, cacheDir, datasetsRoot, labelFile } from './cacheLayout'

/**
 * A fresh temp folder beside the caches (`<home>/datasets/.tmp-<id>-<pid>-<random>`): an import
 * writes everything there and renames it into place only at the end.
 */
export async function makeStaging(home: string, hint: string): Promise<string> {
  const root = datasetsRoot(home)
  await mkdir(root, { recursive: true })
  const tmp = join(root, `.tmp-${hint}-${process.pid}-${randomBytes(4).toString('hex')}`)
  await mkdir(tmp)
  return tmp
}

/**
 * Removes the temp folders of imports whose process is gone (killed, or the machine lost
 * power mid-import): a big image folder's staging file can be gigabytes. Folders of a live
 * process (this one, or the app and the CLI side by side) are left alone. Returns their names.
 */
export async function removeAbandonedStaging(home: string): Promise<string[]> {
  const names = await readdir(datasetsRoot(home)).catch(() => [] as string[])
  const gone: string[] = []
  for (const name of names) {
    const pid = /^\.tmp-.*-(\d+)-[0-9a-f]{8}$/.exec(name)?.[1]
    if (pid === undefined || isAlive(Number(pid))) continue
    await rm(join(datasetsRoot(home), name), { recursive: true, force: true })
    gone.push(name)
  }
  return gone
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The meta.json of a written cache. */
export function cacheMeta(
  id: string,
  name: string,
  content: { shape: [number, number, number]; classes: string[] },
  written: WrittenCache,
): CacheMeta {
  return {
    version: 1,
    id,
    name,
    shape: content.shape,
    classes: content.classes,
    counts: written.counts,
    labelBytes: written.labelBytes,
    mean: written.mean,
    std: written.std,
  }
}

/** Writes meta.json into the staging folder and renames it to `<home>/datasets/<id>`. */
export async function publishStaging(home: string, tmp: string, meta: CacheMeta): Promise<void> {
  await writeFile(join(tmp, CACHE_FILES.meta), JSON.stringify(meta, null, 1))
  await rename(tmp, cacheDir(home, meta.id))
}

/**
 * Writes a dataset decoded in memory to a fresh temp folder beside the caches and renames it
 * to `<home>/datasets/<id>` only when every file is written; on any failure the temp folder goes.
 */
export async function writeCache(
  home: string,
  id: string,
  name: string,
  d: Decoded,
  signal?: AbortSignal,
): Promise<CacheMeta> {
  const tmp = await makeStaging(home, id)
  try {
    const writer = await CacheWriter.open(tmp, d)
    let written: WrittenCache
    try {
      written = await writeDecoded(writer, d, { signal })
    } finally {
      await writer.close()
    }
    const meta = cacheMeta(id, name, d, written)
    await publishStaging(home, tmp, meta)
    return meta
  } catch (error) {
    await rm(tmp, { recursive: true, force: true })
    throw error
  }
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
